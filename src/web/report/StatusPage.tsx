import { useEffect, useState, type FormEvent } from 'react';
import { formatReceipt, normaliseReceipt } from '../../domain/cases/case.receipt';
import type { CaseStatus } from '../../domain/cases/case.workflow';
import { ReportApiError, postMultipart, requestJson, toError } from './api';
import { loadReportForm } from './campaign';
import { FilePicker } from './FilePicker';
import { msg, useLang, type Msg } from './lang';
import { MAX, formatDay, releaseFile, type PickedFile } from './rules';
import type { StringKey } from './strings';
import type { Limits, ReportStatus } from './types';
import { Problems, ProgressBar, Shell, describedBy } from './ui';

/*
 * /report/status: the holder of a receipt follows the report and answers the handlers. The
 * receipt is typed in and kept in component state only; it is never put in the URL.
 */

const statusKey = (s: CaseStatus): StringKey => `status.${s}`;

export function StatusPage() {
  const { t, say } = useLang();
  const [input, setInput] = useState('');
  const [inputProblem, setInputProblem] = useState<Msg | null>(null);
  const [opened, setOpened] = useState<{ receipt: string; view: ReportStatus } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Msg | null>(null);

  const lookup = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const symbols = normaliseReceipt(input);
    if (!symbols) {
      setInputProblem(msg('status.badReceipt'));
      return;
    }
    const receipt = formatReceipt(symbols);
    setInputProblem(null);
    setError(null);
    setBusy(true);
    try {
      const { data } = await requestJson<ReportStatus>('POST', '/api/public/report-status', { receipt });
      setOpened({ receipt, view: data });
      setInput(receipt);
    } catch (err) {
      setOpened(null);
      setError((err instanceof ReportApiError ? err : toError(0, '')).text);
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setOpened(null);
    setInput('');
    setError(null);
  };

  return (
    <Shell title={t('app.statusTitle')}>
      <form className="card" noValidate onSubmit={lookup} data-testid="status-form">
        <p className="intro">{t('status.intro')}</p>
        <div className={`field${inputProblem ? ' has-error' : ''}`}>
          <label htmlFor="s-receipt">{t('status.receipt')}</label>
          <p className="hint" id="s-receipt-hint">
            {t('status.receiptHint')}
          </p>
          <input
            id="s-receipt"
            className="mono"
            data-testid="status-receipt-input"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            maxLength={64}
            placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
            value={input}
            aria-invalid={inputProblem ? true : undefined}
            aria-describedby={describedBy('s-receipt-hint', inputProblem && 's-receipt-error')}
            onChange={(e) => {
              setInput(e.target.value);
              setInputProblem(null);
            }}
          />
          <Problems id="s-receipt-error" field="receipt" items={inputProblem ? [inputProblem] : undefined} />
        </div>
        {error ? (
          <p className="alert" role="alert" data-testid="status-error">
            {say(error)}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="btn btn-primary" data-testid="status-open" disabled={busy}>
            {busy ? t('status.opening') : t('status.open')}
          </button>
          {opened ? (
            <button type="button" className="btn btn-quiet" data-testid="status-close" onClick={close}>
              {t('status.close')}
            </button>
          ) : null}
        </div>
      </form>

      {opened ? (
        <StatusView
          key={opened.receipt}
          receipt={opened.receipt}
          view={opened.view}
          onChange={(view) => setOpened({ receipt: opened.receipt, view })}
        />
      ) : null}

      <p className="cross-link">
        <a href="/report" data-testid="status-to-report">
          {t('app.toReport')}
        </a>
      </p>
    </Shell>
  );
}

function StatusView({ receipt, view, onChange }: { receipt: string; view: ReportStatus; onChange: (v: ReportStatus) => void }) {
  const { t, say, lang } = useLang();
  return (
    <>
      <section className="card" data-testid="status-view" aria-labelledby="s-summary-title">
        <h2 id="s-summary-title" className="sr-only">
          {t('status.current')}
        </h2>
        <p className={`badge badge-${view.status}`} data-testid="status-label" data-status={view.status}>
          {t(statusKey(view.status))}
        </p>
        <dl className="facts">
          <div>
            <dt>{t('status.reference')}</dt>
            <dd data-testid="status-reference" translate="no">{view.reference}</dd>
          </div>
          <div>
            <dt>{t('status.category')}</dt>
            <dd data-testid="status-category">{say(view.category.name)}</dd>
          </div>
          <div>
            <dt>{t('status.receivedOn')}</dt>
            <dd>{formatDay(view.receivedOn, lang)}</dd>
          </div>
        </dl>
        {view.evidenceFiles > 0 ? <p className="muted">{t('status.evidence', { n: view.evidenceFiles })}</p> : null}
        {view.merged ? (
          <p className="notice" data-testid="status-merged">
            {t('status.mergedNotice')}
          </p>
        ) : null}
        {view.rejectReason ? (
          <div className="box box-warn" data-testid="status-reject-reason">
            <h3>{t('status.rejectReason')}</h3>
            <p className="prose">{view.rejectReason}</p>
          </div>
        ) : null}
        {view.reply ? (
          <div className="box box-reply" data-testid="status-reply">
            <h3>{t('status.reply')}</h3>
            <p className="prose">{view.reply}</p>
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby="s-steps-title">
        <h2 id="s-steps-title">{t('status.steps')}</h2>
        <ol className="timeline" data-testid="status-steps">
          {view.steps.map((s, i) => (
            <li key={`${s.status}-${i}`} className={i === view.steps.length - 1 ? 'current' : undefined} data-status={s.status}>
              <span className="dot" aria-hidden="true" />
              <span className="step-label">{t(statusKey(s.status))}</span>
              <time className="step-day" dateTime={s.on}>
                {formatDay(s.on, lang)}
              </time>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="s-messages-title">
        <h2 id="s-messages-title">{t('status.messages')}</h2>
        {view.messages.length === 0 ? <p className="muted">{t('status.noMessages')}</p> : null}
        <ol className="thread" data-testid="status-messages">
          {view.messages.map((m) => (
            <li key={m.id} className={`bubble bubble-${m.from}`} data-from={m.from}>
              <p className="bubble-head">
                <strong>{m.from === 'handler' ? t('status.fromHandler') : t('status.fromMe')}</strong>
                <time dateTime={m.on}>{formatDay(m.on, lang)}</time>
              </p>
              <p className="prose">{m.body}</p>
              {m.files > 0 ? <p className="muted">{t('status.messageFiles', { n: m.files })}</p> : null}
            </li>
          ))}
        </ol>
        {view.canReply ? <Composer receipt={receipt} onSent={onChange} /> : <p className="muted">{t('status.closedNote')}</p>}
      </section>
    </>
  );
}

const DEFAULT_LIMITS: Limits = { maxFiles: 5, imageMB: 20, videoMB: 500 };

function Composer({ receipt, onSent }: { receipt: string; onSent: (v: ReportStatus) => void }) {
  const { t, say } = useLang();
  const [body, setBody] = useState('');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [limits, setLimits] = useState<Limits>(DEFAULT_LIMITS);
  const [problems, setProblems] = useState<{ body?: Msg[]; file?: Msg[] }>({});
  const [error, setError] = useState<Msg | null>(null);
  const [busy, setBusy] = useState<{ share: number | null } | null>(null);
  const [sent, setSent] = useState(false);

  // The upload limits are the report form's; until they arrive (or if they cannot), the defaults.
  useEffect(() => {
    let live = true;
    loadReportForm(new URLSearchParams(window.location.search)).then(
      (form) => live && setLimits(form.limits),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setSent(false);
    if (!body.trim()) {
      setProblems({ body: [msg('status.errBody')] });
      document.getElementById('s-message')?.focus();
      return;
    }
    setProblems({});
    setError(null);
    const url = '/api/public/report-messages';
    const payload = { receipt, body: body.trim() };
    try {
      let view: ReportStatus;
      if (files.length === 0) {
        setBusy({ share: null });
        view = (await requestJson<ReportStatus>('POST', url, payload)).data;
      } else {
        const data = new FormData();
        data.append('message', JSON.stringify(payload));
        for (const f of files) data.append('file', f.file, f.file.name);
        setBusy({ share: 0 });
        view = await postMultipart<ReportStatus>(url, data, (share) => setBusy({ share }));
      }
      setBody('');
      files.forEach(releaseFile);
      setFiles([]);
      setSent(true);
      onSent(view);
    } catch (err) {
      const apiErr = err instanceof ReportApiError ? err : toError(0, '');
      const found: { body?: Msg[]; file?: Msg[] } = {};
      for (const f of apiErr.fields) {
        if (f.field === 'body') (found.body ??= []).push(f.message);
        else if (f.field === 'file' || f.field === 'files') (found.file ??= []).push(f.message);
      }
      setProblems(found);
      setError(apiErr.text);
    } finally {
      setBusy(null);
    }
  };

  return (
    <form className="composer" noValidate onSubmit={send} data-testid="status-composer">
      <div className={`field${problems.body ? ' has-error' : ''}`}>
        <label htmlFor="s-message">{t('status.replyLabel')}</label>
        <p className="hint" id="s-message-hint">
          {t('status.replyHint')}
        </p>
        <textarea
          id="s-message"
          data-testid="status-message-input"
          rows={4}
          maxLength={MAX.message}
          value={body}
          aria-invalid={problems.body ? true : undefined}
          aria-describedby={describedBy('s-message-hint', problems.body && 's-message-error')}
          onChange={(e) => {
            setBody(e.target.value);
            setSent(false);
            if (problems.body) setProblems(({ body: _gone, ...rest }) => rest);
          }}
        />
        <p className="count">{t('form.count', { n: body.length, max: MAX.message })}</p>
        <Problems id="s-message-error" field="body" items={problems.body} />
      </div>
      <FilePicker
        id="s-files"
        testid="status-message-files"
        label={t('status.replyFiles')}
        files={files}
        limits={limits}
        disabled={busy !== null}
        problems={problems.file}
        onChange={(next, found) => {
          setFiles(next);
          setProblems(({ file: _gone, ...rest }) => (found.length ? { ...rest, file: found } : rest));
        }}
      />
      {error ? (
        <p className="alert" role="alert" data-testid="status-message-error">
          {say(error)}
        </p>
      ) : null}
      {busy && busy.share !== null ? (
        <ProgressBar testid="status-upload-progress" share={busy.share} label={t('form.uploading', { pct: Math.round(busy.share * 100) })} />
      ) : null}
      <button type="submit" className="btn btn-primary btn-block" data-testid="status-message-send" disabled={busy !== null}>
        {busy ? t('form.sending') : t('status.send')}
      </button>
      {sent ? (
        <p className="note" aria-live="polite" data-testid="status-message-sent">
          {t('status.sent')}
        </p>
      ) : null}
    </form>
  );
}
