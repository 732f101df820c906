/*
 * The public campaign page (`/campaign/:code`), for anyone with the link and no account, most
 * often on a phone: the campaign's accepted activities its units marked public, one card each
 * with one photo, title, dates, place and unit. It reads only the public API and renders outside
 * the sign-in gate; it is built from plain elements so its chunk stays small.
 *
 * Test ids:
 *   public-page, public-campaign-title, public-theme, public-activity-<id>, public-photo-<id>,
 *   public-more, public-empty, public-error.
 */
import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { usePublicActivities, type PublicActivity } from '../../api/public';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { BRAND_BLUE, BRAND_RED } from '../../components/theme';
import { useLang } from '../../i18n';
import { formatDay, formatDayRange, tx } from '../../lib/format';

const page: React.CSSProperties = { minHeight: '100vh', background: '#f0f2f5' };
const column: React.CSSProperties = { maxWidth: 960, margin: '0 auto', padding: '12px 12px 32px', boxSizing: 'border-box' };
const card: React.CSSProperties = {
  background: '#fff',
  borderRadius: 8,
  overflow: 'hidden',
  boxShadow: '0 1px 3px rgba(0,0,0,0.08)',
  display: 'flex',
  flexDirection: 'column',
  minWidth: 0,
};
const muted: React.CSSProperties = { color: 'rgba(0,0,0,0.55)', fontSize: 13, lineHeight: 1.6, overflowWrap: 'anywhere' };

function ActivityCard({ a }: { a: PublicActivity }) {
  const lang = useLang();
  const place = [a.place.county, a.place.address].filter(Boolean).join(' ');
  return (
    <article data-testid={`public-activity-${a.id}`} style={card}>
      {a.photoUrl && (
        <img
          data-testid={`public-photo-${a.id}`}
          src={a.photoUrl}
          alt={a.title}
          loading="lazy"
          decoding="async"
          style={{ width: '100%', aspectRatio: '4 / 3', objectFit: 'cover', display: 'block', background: '#e8eef7' }}
        />
      )}
      <div style={{ padding: '10px 12px 12px' }}>
        <div style={{ fontSize: 12, color: BRAND_BLUE, marginBottom: 4, overflowWrap: 'anywhere' }}>{tx(a.category.name, lang)}</div>
        <h2 style={{ fontSize: 17, lineHeight: 1.4, margin: '0 0 6px', overflowWrap: 'anywhere' }}>{a.title}</h2>
        <div style={muted}>{a.startsOn === a.endsOn ? formatDay(a.startsOn, lang) : formatDayRange(a.startsOn, a.endsOn, lang)}</div>
        {place && <div style={muted}>{place}</div>}
        <div style={muted}>{a.unit.shortName}</div>
      </div>
    </article>
  );
}

export default function PublicCampaignPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const { code } = useParams<{ code: string }>();
  const { data, error, isLoading, fetchNextPage, hasNextPage, isFetchingNextPage } = usePublicActivities(code);
  const campaign = data?.pages[0]?.campaign;
  const items = data?.pages.flatMap((p) => p.items) ?? [];

  useEffect(() => {
    if (campaign) document.title = tx(campaign.shortTitle, lang);
  }, [campaign, lang]);

  return (
    <div style={page} data-testid="public-page">
      <header
        style={{
          background: `linear-gradient(90deg, ${BRAND_RED} 0, ${BRAND_RED} 6px, ${BRAND_BLUE} 6px, #24508f 100%)`,
          borderBottom: `3px solid ${BRAND_RED}`,
          color: '#fff',
        }}
      >
        <div style={{ ...column, paddingBottom: 16 }}>
          <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
            <LanguageSwitch light />
          </div>
          <h1 data-testid="public-campaign-title" style={{ fontSize: 20, lineHeight: 1.4, margin: '4px 0 8px', overflowWrap: 'anywhere' }}>
            {campaign ? tx(campaign.title, lang) : t('publicPage.title')}
          </h1>
          {campaign && (
            <div data-testid="public-theme" style={{ fontSize: 15, fontWeight: 600, lineHeight: 1.5 }}>
              {t('overview.theme')}
              {t('punct.colon')}
              {tx(campaign.theme, lang)}
            </div>
          )}
        </div>
      </header>
      <main style={column}>
        {isLoading && (
          <div style={{ padding: 48, textAlign: 'center' }}>
            <Spin />
          </div>
        )}
        {error && (
          <p data-testid="public-error" style={{ ...muted, textAlign: 'center', padding: 32 }}>
            {error instanceof ApiError && error.status === 404 ? t('publicPage.notFound') : t('publicPage.failed')}
          </p>
        )}
        {data && items.length === 0 && (
          <p data-testid="public-empty" style={{ ...muted, textAlign: 'center', padding: 32 }}>
            {t('publicPage.empty')}
          </p>
        )}
        {items.length > 0 && (
          <>
            <p style={{ ...muted, margin: '4px 0 12px' }}>{t('publicPage.count', { n: data?.pages[0]?.total ?? items.length })}</p>
            <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))', gap: 12 }}>
              {items.map((a) => (
                <ActivityCard key={a.id} a={a} />
              ))}
            </div>
          </>
        )}
        {hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 16 }}>
            <button
              type="button"
              data-testid="public-more"
              disabled={isFetchingNextPage}
              onClick={() => void fetchNextPage()}
              style={{
                font: 'inherit',
                padding: '8px 24px',
                borderRadius: 4,
                border: `1px solid ${BRAND_BLUE}`,
                background: '#fff',
                color: BRAND_BLUE,
                cursor: 'pointer',
              }}
            >
              {isFetchingNextPage ? t('publicPage.loading') : t('publicPage.more')}
            </button>
          </div>
        )}
        <footer style={{ ...muted, textAlign: 'center', marginTop: 24, fontSize: 12 }}>{campaign ? t('layout.footer', { organiser: tx(campaign.issuer, lang) }) : t('layout.footerPlatform')}</footer>
      </main>
    </div>
  );
}
