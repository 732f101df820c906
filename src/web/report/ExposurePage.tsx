import { useEffect, useState } from 'react';
import { ReportApiError } from './api';
import { loadExposures } from './campaign';
import { ExposureCard } from './ExposureCard';
import { msg, useLang, type Msg } from './lang';
import type { PublicExposure } from './types';
import { Shell } from './ui';

/*
 * /exposure (曝光台): the typical cases of work-safety violations the city office has published
 * after review, newest first, for anyone to read on a phone. Read only; nothing is stored.
 */

type Load = { state: 'loading' } | { state: 'failed'; error: Msg } | { state: 'ready'; data: PublicExposure | null };

export function ExposurePage() {
  const { t, say } = useLang();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    loadExposures(new URLSearchParams(window.location.search)).then(
      (data) => live && setLoad({ state: 'ready', data }),
      (err: unknown) => live && setLoad({ state: 'failed', error: err instanceof ReportApiError ? err.text : msg('expo.loadFailed') }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const data = load.state === 'ready' ? load.data : null;
  const items = data?.items ?? [];

  return (
    <Shell title={t('expo.title')} theme={data ? say(data.campaign.name) : null}>
      <p className="card expo-intro" data-testid="exposure-intro">
        {t('expo.intro')}
      </p>
      {load.state === 'loading' ? (
        <p className="card muted" data-testid="exposure-loading" aria-live="polite">
          {t('app.loading')}
        </p>
      ) : null}
      {load.state === 'failed' ? (
        <div className="card">
          <p className="alert" role="alert" data-testid="exposure-load-error">
            {say(load.error)}
          </p>
          <button type="button" className="btn btn-outline" data-testid="exposure-retry" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      {load.state === 'ready' ? (
        <section className="expo-list" data-testid="exposure-list" aria-label={t('expo.listLabel')}>
          {items.length === 0 ? (
            <p className="card expo-empty" data-testid="exposure-empty">
              {t('expo.empty')}
            </p>
          ) : (
            <>
              <p className="expo-count muted">{t('expo.count', { n: items.length })}</p>
              {items.map((item) => (
                <ExposureCard key={item.id} item={item} />
              ))}
            </>
          )}
        </section>
      ) : null}
      <p className="cross-link">
        <a href="/report" data-testid="exposure-to-report">
          {t('app.toReport')}
        </a>
      </p>
    </Shell>
  );
}
