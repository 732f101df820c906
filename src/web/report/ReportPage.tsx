import { useEffect, useState, type FormEvent } from 'react';
import { ReportApiError, postMultipart, requestJson, toError } from './api';
import { loadReportForm } from './campaign';
import { FilePicker } from './FilePicker';
import { msg, useLang, type Msg } from './lang';
import { useProofOfWork, type Solution } from './pow';
import { ReceiptView } from './ReceiptView';
import { MAX, PHONE, todayInChina, type PickedFile } from './rules';
import type { ReportBody, ReportForm as FormInfo, Submitted } from './types';
import { Optional, Problems, ProgressBar, Required, Shell, describedBy } from './ui';

/*
 * /report: the public hazard report. Anonymous by default; the receipt the server answers with
 * lives in this page's state only (never the URL or storage) and is shown once.
 */

type Load = { state: 'loading' } | { state: 'failed'; error: Msg } | { state: 'ready'; form: FormInfo };

export function ReportPage() {
  const { t, say } = useLang();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState<{ submitted: Submitted; at: Date } | null>(null);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    loadReportForm(new URLSearchParams(window.location.search)).then(
      (form) => live && setLoad({ state: 'ready', form }),
      (err: unknown) => live && setLoad({ state: 'failed', error: err instanceof ReportApiError ? err.text : msg('form.loadFailed') }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const form = load.state === 'ready' ? load.form : null;
  const title = form ? say(form.campaign.name) : t('app.title');

  return (
    <Shell title={title} theme={form?.campaign.theme ? say(form.campaign.theme) : null}>
      {load.state === 'loading' ? <p className="card muted" data-testid="report-loading">{t('app.loading')}</p> : null}
      {load.state === 'failed' ? (
        <div className="card">
          <p className="alert" role="alert" data-testid="report-load-error">
            {say(load.error)}
          </p>
          <button type="button" className="btn btn-outline" data-testid="report-retry" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      {form?.campaign.archived ? (
        <p className="card muted" data-testid="report-archived">{t('app.archived')}</p>
      ) : null}
      {form && !form.campaign.archived && !done ? (
        <ReportForm
          form={form}
          onDone={(submitted) => {
            setDone({ submitted, at: new Date() });
            window.scrollTo(0, 0);
          }}
        />
      ) : null}
      {done ? <ReceiptView submitted={done.submitted} at={done.at} /> : null}
      {!done ? (
        <p className="cross-link">
          <a href="/report/status" data-testid="report-to-status">
            {t('app.toStatus')}
          </a>
        </p>
      ) : null}
      <p className="cross-link">
        <a href="/exposure" data-testid="report-to-exposure">
          {t('app.toExposure')}
        </a>
      </p>
    </Shell>
  );
}

interface Values {
  category: string;
  countyId: string;
  address: string;
  enterprise: string;
  occurredOn: string;
  description: string;
  whistleblower: boolean;
  reporterName: string;
  reporterPhone: string;
}

const EMPTY: Values = {
  category: '',
  countyId: '',
  address: '',
  enterprise: '',
  occurredOn: '',
  description: '',
  whistleblower: false,
  reporterName: '',
  reporterPhone: '',
};

/** Where each problem is shown, top to bottom; server fields that are none of these go to the summary. */
const PLACES = ['category', 'countyId', 'address', 'location', 'enterprise', 'occurredOn', 'description', 'file', 'whistleblower', 'reporterName', 'reporterPhone'] as const;
type Place = (typeof PLACES)[number];
type Problems = Partial<Record<Place, Msg[]>>;

function placeOf(field: string): Place | null {
  if (field === 'latitude' || field === 'longitude') return 'location';
  if (field === 'files') return 'file';
  return (PLACES as readonly string[]).includes(field) ? (field as Place) : null;
}

const CONTACT: readonly Place[] = ['reporterName', 'reporterPhone'];

type Busy = { phase: 'pow' } | { phase: 'upload'; share: number } | { phase: 'send' };
type Locating = { state: 'idle' } | { state: 'busy' } | { state: 'failed'; reason: 'form.locateDenied' | 'form.locateFailed' | 'form.locateUnsupported' };

function check(v: Values, t: (k: 'form.address' | 'form.enterprise' | 'form.reporterName') => string): Problems {
  const p: Problems = {};
  const add = (place: Place, m: Msg) => (p[place] ??= []).push(m);
  if (!v.category) add('category', msg('err.category'));
  if (!v.countyId) add('countyId', msg('err.county'));
  if (!v.address.trim()) add('address', msg('err.address'));
  else if (v.address.trim().length > MAX.address) add('address', msg('err.tooLong', { field: t('form.address'), max: MAX.address }));
  if (v.enterprise.trim().length > MAX.enterprise) add('enterprise', msg('err.tooLong', { field: t('form.enterprise'), max: MAX.enterprise }));
  if (v.occurredOn && v.occurredOn > todayInChina()) add('occurredOn', msg('err.future'));
  if (!v.description.trim()) add('description', msg('err.description'));
  if (v.reporterName.trim().length > MAX.reporterName) add('reporterName', msg('err.tooLong', { field: t('form.reporterName'), max: MAX.reporterName }));
  const phone = v.reporterPhone.replace(/\s/g, '');
  if (phone && !PHONE.test(phone)) add('reporterPhone', msg('err.phone'));
  return p;
}

const isChallengeProblem = (err: unknown) =>
  err instanceof ReportApiError &&
  err.status !== 429 &&
  (err.fields.some((f) => f.field === 'challenge' || f.field === 'nonce') || /challenge|pow/i.test(err.code));

const fieldId = (place: Place) => `r-${place}`;

function focusFirst(problems: Problems) {
  const first = PLACES.find((p) => problems[p]?.length);
  const el = first ? document.getElementById(fieldId(first)) : document.getElementById('r-summary');
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.focus({ preventScroll: true });
}

function ReportForm({ form, onDone }: { form: FormInfo; onDone: (s: Submitted) => void }) {
  const { t, say } = useLang();
  const pow = useProofOfWork();
  const [values, setValues] = useState<Values>(EMPTY);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [location, setLocation] = useState<{ latitude: number; longitude: number } | null>(null);
  const [locating, setLocating] = useState<Locating>({ state: 'idle' });
  const [contactOpen, setContactOpen] = useState(false);
  const [problems, setProblems] = useState<Problems>({});
  const [summary, setSummary] = useState<Msg[]>([]);
  const [busy, setBusy] = useState<Busy | null>(null);
  const today = todayInChina();

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(key);
  };

  /** A field the person changes loses its old complaint. */
  const clear = (place: Place) => {
    if (problems[place]) setProblems(({ [place]: _gone, ...rest }) => rest);
  };

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating({ state: 'failed', reason: 'form.locateUnsupported' });
      return;
    }
    setLocating({ state: 'busy' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const round = (x: number) => Math.round(x * 1e4) / 1e4;
        setLocation({ latitude: round(pos.coords.latitude), longitude: round(pos.coords.longitude) });
        setLocating({ state: 'idle' });
        clear('location');
      },
      (err) => setLocating({ state: 'failed', reason: err.code === err.PERMISSION_DENIED ? 'form.locateDenied' : 'form.locateFailed' }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const body = (s: Solution): ReportBody => {
    const opt = (x: string) => x.trim() || undefined;
    return {
      challenge: s.challenge,
      nonce: s.nonce,
      category: values.category,
      countyId: Number(values.countyId),
      address: values.address.trim(),
      ...(location ?? {}),
      enterprise: opt(values.enterprise),
      occurredOn: values.occurredOn || undefined,
      description: values.description.trim(),
      whistleblower: values.whistleblower,
      reporterName: opt(values.reporterName),
      reporterPhone: opt(values.reporterPhone.replace(/\s/g, '')),
      posterUnit: form.posterUnit?.code,
    };
  };

  const post = async (s: Solution): Promise<Submitted> => {
    const url = `/api/public/campaigns/${encodeURIComponent(form.campaign.code)}/reports`;
    if (files.length === 0) {
      setBusy({ phase: 'send' });
      return (await requestJson<Submitted>('POST', url, body(s))).data;
    }
    const data = new FormData();
    // The report first: the server reads it before it takes any file.
    data.append('report', JSON.stringify(body(s)));
    for (const f of files) data.append('file', f.file, f.file.name);
    setBusy({ phase: 'upload', share: 0 });
    return postMultipart<Submitted>(url, data, (share) => setBusy({ phase: 'upload', share }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found = check(values, t);
    if (Object.keys(found).length > 0) {
      setProblems(found);
      setSummary([msg('err.checkForm')]);
      if (CONTACT.some((p) => found[p])) setContactOpen(true);
      requestAnimationFrame(() => focusFirst(found));
      return;
    }
    setProblems({});
    setSummary([]);
    setBusy({ phase: 'pow' });
    try {
      let submitted: Submitted;
      try {
        submitted = await post(await pow.get());
      } catch (err) {
        if (!isChallengeProblem(err)) throw err;
        // The challenge ran out or was used: solve a new one and send once more.
        pow.renew();
        setBusy({ phase: 'pow' });
        submitted = await post(await pow.get());
      }
      onDone(submitted);
    } catch (err) {
      pow.renew();
      const apiErr = err instanceof ReportApiError ? err : toError(0, '');
      const server: Problems = {};
      const rest: Msg[] = [];
      for (const f of apiErr.fields) {
        const place = placeOf(f.field);
        if (place) (server[place] ??= []).push(f.message);
        else rest.push(f.message);
      }
      setProblems(server);
      // Problems with no field on the page (the challenge, the poster code …) are listed under the message.
      setSummary([apiErr.text, ...rest]);
      if (CONTACT.some((p) => server[p])) setContactOpen(true);
      requestAnimationFrame(() => focusFirst(server));
    } finally {
      setBusy(null);
    }
  };

  const has = (p: Place) => !!problems[p]?.length;
  const err = (p: Place) => (has(p) ? `${fieldId(p)}-error` : null);
  const invalid = (p: Place) => (has(p) ? true : undefined);
  const working = busy !== null;

  return (
    <form className="report" noValidate onSubmit={submit} data-testid="report-form">
      <section className="card reassure" aria-labelledby="reassure-title">
        <h2 id="reassure-title">{t('reassure.title')}</h2>
        <ul>
          <li>{t('reassure.anonymous')}</li>
          <li>{t('reassure.noIp')}</li>
          <li>{t('reassure.noGps')}</li>
        </ul>
        {form.posterUnit ? (
          <p className="poster" data-testid="report-poster-unit">
            {t('form.poster', { unit: form.posterUnit.name })}
          </p>
        ) : null}
      </section>

      <section className="card">
        <div className={`field${has('category') ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('category')}>
            {t('form.category')} <Required />
          </label>
          <select
            id={fieldId('category')}
            data-testid="report-category"
            value={values.category}
            aria-required="true"
            aria-invalid={invalid('category')}
            aria-describedby={describedBy(err('category'))}
            onChange={(e) => set('category', e.target.value)}
          >
            <option value="">{t('form.categoryPick')}</option>
            {form.categories.map((c) => (
              <option key={c.key} value={c.key}>
                {say(c.name)}
              </option>
            ))}
          </select>
          <Problems id={`${fieldId('category')}-error`} field="category" items={problems.category} />
        </div>

        <div className={`field${has('countyId') ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('countyId')}>
            {t('form.county')} <Required />
          </label>
          <select
            id={fieldId('countyId')}
            data-testid="report-county"
            value={values.countyId}
            aria-required="true"
            aria-invalid={invalid('countyId')}
            aria-describedby={describedBy(err('countyId'))}
            onChange={(e) => set('countyId', e.target.value)}
          >
            <option value="">{t('form.countyPick')}</option>
            {form.counties.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          <Problems id={`${fieldId('countyId')}-error`} field="countyId" items={problems.countyId} />
        </div>

        <div className={`field${has('address') ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('address')}>
            {t('form.address')} <Required />
          </label>
          <p className="hint" id="r-address-hint">
            {t('form.addressHint')}
          </p>
          <input
            id={fieldId('address')}
            data-testid="report-address"
            type="text"
            autoComplete="off"
            maxLength={MAX.address}
            value={values.address}
            aria-required="true"
            aria-invalid={invalid('address')}
            aria-describedby={describedBy('r-address-hint', err('address'))}
            onChange={(e) => set('address', e.target.value)}
          />
          <Problems id={`${fieldId('address')}-error`} field="address" items={problems.address} />
        </div>

        <div className={`field location${has('location') ? ' has-error' : ''}`}>
          {location ? (
            <div className="located">
              <p data-testid="report-location" aria-live="polite">
                {t('form.located', { lat: location.latitude.toFixed(4), lng: location.longitude.toFixed(4) })}
              </p>
              <button type="button" className="btn btn-small btn-quiet" data-testid="report-locate-clear" onClick={() => setLocation(null)}>
                {t('form.locateClear')}
              </button>
            </div>
          ) : (
            <button
              id={fieldId('location')}
              type="button"
              className="btn btn-outline"
              data-testid="report-locate"
              disabled={locating.state === 'busy'}
              onClick={locate}
            >
              <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7Zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5Z" />
              </svg>
              {locating.state === 'busy' ? t('form.locating') : t('form.locate')}
            </button>
          )}
          {locating.state === 'failed' && !location ? (
            <p className="hint" data-testid="report-locate-failed" aria-live="polite">
              {t(locating.reason)}
            </p>
          ) : null}
          <Problems id={`${fieldId('location')}-error`} field="location" items={problems.location} />
        </div>

        <div className={`field${has('enterprise') ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('enterprise')}>
            {t('form.enterprise')} <Optional />
          </label>
          <p className="hint" id="r-enterprise-hint">
            {t('form.enterpriseHint')}
          </p>
          <input
            id={fieldId('enterprise')}
            data-testid="report-enterprise"
            type="text"
            autoComplete="off"
            maxLength={MAX.enterprise}
            value={values.enterprise}
            aria-invalid={invalid('enterprise')}
            aria-describedby={describedBy('r-enterprise-hint', err('enterprise'))}
            onChange={(e) => set('enterprise', e.target.value)}
          />
          <Problems id={`${fieldId('enterprise')}-error`} field="enterprise" items={problems.enterprise} />
        </div>

        <div className={`field${has('occurredOn') ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('occurredOn')}>
            {t('form.occurredOn')} <Optional />
          </label>
          <input
            id={fieldId('occurredOn')}
            data-testid="report-occurred-on"
            type="date"
            max={today}
            value={values.occurredOn}
            aria-invalid={invalid('occurredOn')}
            aria-describedby={describedBy(err('occurredOn'))}
            onChange={(e) => set('occurredOn', e.target.value)}
          />
          <Problems id={`${fieldId('occurredOn')}-error`} field="occurredOn" items={problems.occurredOn} />
        </div>

        <div className={`field${has('description') ? ' has-error' : ''}`}>
          <label htmlFor={fieldId('description')}>
            {t('form.description')} <Required />
          </label>
          <p className="hint" id="r-description-hint">
            {t('form.descriptionHint')}
          </p>
          <textarea
            id={fieldId('description')}
            data-testid="report-description"
            rows={6}
            maxLength={MAX.description}
            value={values.description}
            aria-required="true"
            aria-invalid={invalid('description')}
            aria-describedby={describedBy('r-description-hint', 'r-description-count', err('description'))}
            onChange={(e) => set('description', e.target.value)}
          />
          <p className={`count${values.description.length >= MAX.description ? ' count-full' : ''}`} id="r-description-count" data-testid="report-description-count">
            {t('form.count', { n: values.description.length, max: MAX.description })}
          </p>
          <Problems id={`${fieldId('description')}-error`} field="description" items={problems.description} />
        </div>

        <FilePicker
          id={fieldId('file')}
          testid="report-files"
          label={t('form.files')}
          files={files}
          limits={form.limits}
          disabled={working}
          problems={problems.file}
          onChange={(next, found) => {
            setFiles(next);
            setProblems(({ file: _gone, ...rest }) => (found.length ? { ...rest, file: found } : rest));
          }}
        />

        <div className={`field${has('whistleblower') ? ' has-error' : ''}`}>
          <label className="check" htmlFor={fieldId('whistleblower')}>
            <input
              id={fieldId('whistleblower')}
              data-testid="report-whistleblower"
              type="checkbox"
              checked={values.whistleblower}
              aria-invalid={invalid('whistleblower')}
              onChange={(e) => set('whistleblower', e.target.checked)}
            />
            <span>{t('form.whistleblower')}</span>
          </label>
          <Problems id={`${fieldId('whistleblower')}-error`} field="whistleblower" items={problems.whistleblower} />
        </div>
      </section>

      <section className="card contact">
        <button
          type="button"
          className="disclosure"
          data-testid="report-contact-toggle"
          aria-expanded={contactOpen}
          aria-controls="r-contact"
          onClick={() => setContactOpen((o) => !o)}
        >
          <span className="chevron" aria-hidden="true" />
          <span>{t('form.contact')}</span>
        </button>
        <div id="r-contact" hidden={!contactOpen}>
          <div className={`field${has('reporterName') ? ' has-error' : ''}`}>
            <label htmlFor={fieldId('reporterName')}>
              {t('form.reporterName')} <Optional />
            </label>
            <input
              id={fieldId('reporterName')}
              data-testid="report-reporter-name"
              type="text"
              autoComplete="name"
              maxLength={MAX.reporterName}
              value={values.reporterName}
              aria-invalid={invalid('reporterName')}
              aria-describedby={describedBy(err('reporterName'))}
              onChange={(e) => set('reporterName', e.target.value)}
            />
            <Problems id={`${fieldId('reporterName')}-error`} field="reporterName" items={problems.reporterName} />
          </div>
          <div className={`field${has('reporterPhone') ? ' has-error' : ''}`}>
            <label htmlFor={fieldId('reporterPhone')}>
              {t('form.reporterPhone')} <Optional />
            </label>
            <p className="hint" id="r-phone-hint">
              {t('form.phoneHint')}
            </p>
            <input
              id={fieldId('reporterPhone')}
              data-testid="report-reporter-phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              value={values.reporterPhone}
              aria-invalid={invalid('reporterPhone')}
              aria-describedby={describedBy('r-phone-hint', err('reporterPhone'))}
              onChange={(e) => set('reporterPhone', e.target.value)}
            />
            <Problems id={`${fieldId('reporterPhone')}-error`} field="reporterPhone" items={problems.reporterPhone} />
          </div>
        </div>
      </section>

      <section className="card submit-area">
        {summary.length > 0 ? (
          <div className="alert" id="r-summary" tabIndex={-1} role="alert" data-testid="report-error">
            {summary.map((m, i) => (
              <p key={i}>{say(m)}</p>
            ))}
          </div>
        ) : null}
        {busy?.phase === 'upload' ? (
          <ProgressBar testid="report-upload-progress" share={busy.share} label={t('form.uploading', { pct: Math.round(busy.share * 100) })} />
        ) : busy?.phase === 'pow' && pow.state.phase === 'working' ? (
          <ProgressBar testid="report-pow" share={pow.state.share} label={t('form.powProgress', { pct: Math.round(pow.state.share * 100) })} />
        ) : null}
        <button type="submit" className="btn btn-primary btn-block" data-testid="report-submit" disabled={working}>
          {working ? t('form.submitting') : t('form.submit')}
        </button>
        {!working ? (
          <p className={`pow-state pow-${pow.state.phase}`} data-testid="report-pow-state" aria-live="polite">
            {pow.state.phase === 'ready'
              ? t('form.powReady')
              : pow.state.phase === 'failed'
                ? t('form.powFailed')
                : t('form.powProgress', { pct: Math.round(pow.state.share * 100) })}
          </p>
        ) : null}
      </section>
    </form>
  );
}
