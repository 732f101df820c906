import { useEffect, type ReactNode } from 'react';
import { useLang, type Msg } from './lang';

/* The pieces both pages are built from: the official header, field labels and error lines. */

export function Shell({ title, theme, children }: { title: string; theme?: string | null; children: ReactNode }) {
  const { t, lang, setLang } = useLang();
  useEffect(() => {
    document.title = title;
  }, [title]);
  return (
    <>
      <header className="top">
        <div className="top-inner">
          <svg className="emblem" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d="M12 2 4 5v6c0 5 3.4 9.4 8 11 4.6-1.6 8-6 8-11V5l-8-3Zm-1 14.2-3.7-3.7 1.4-1.4 2.3 2.3 5.3-5.3 1.4 1.4-6.7 6.7Z" />
          </svg>
          <h1 className="brand" data-testid="page-title">
            {title}
          </h1>
          <button
            type="button"
            className="lang"
            data-testid="lang-switch"
            title={t('app.langSwitchLabel')}
            lang={lang === 'zh' ? 'en' : 'zh-CN'}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
          >
            {t('app.langSwitch')}
          </button>
        </div>
        <div className="top-inner top-lines">
          {theme ? <p className="theme">{theme}</p> : null}
          <p className="tagline">{t('app.tagline')}</p>
        </div>
      </header>
      <main className="page">{children}</main>
      <footer className="foot">
        <p>{t('app.hotline')}</p>
      </footer>
    </>
  );
}

/** The error lines under a field, in the language on screen. */
export function Problems({ id, field, items }: { id: string; field: string; items?: Msg[] }) {
  const { say } = useLang();
  if (!items || items.length === 0) return null;
  return (
    <div className="field-error" id={id} data-testid={`error-${field}`} role="alert">
      {items.map((m, i) => (
        <p key={i}>{say(m)}</p>
      ))}
    </div>
  );
}

export function Required() {
  const { t } = useLang();
  return (
    <span className="req" title={t('form.required')}>
      <span aria-hidden="true">*</span>
      <span className="sr-only">{t('form.required')}</span>
    </span>
  );
}

export function Optional() {
  const { t } = useLang();
  return <span className="opt">{t('form.optional')}</span>;
}

/** The ids an input's aria-describedby lists, leaving out the absent ones. */
export const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

export function ProgressBar({ share, label, testid }: { share: number; label: string; testid: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(share * 100)));
  return (
    <div className="progress" data-testid={testid}>
      <p className="progress-label" aria-live="polite">{label}</p>
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
