import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLang } from './lang';
import { formatDay } from './rules';
import type { StringKey } from './strings';
import type { ExposureItem } from './types';

/*
 * One published typical case. Folded, it shows what a reader scans for (title, the unit, the
 * date, the handling tags, the first photo); 展开 opens the four parts of the article, the other
 * photos and where the media carried it. Photos are the office's blurred copies, loaded lazily
 * with their size known up front so the page does not jump as they arrive.
 */

type Image = ExposureItem['images'][number];
type Run = ExposureItem['runs'][number];

const SECTIONS: { field: 'facts' | 'violations' | 'handling' | 'lesson'; key: StringKey }[] = [
  { field: 'facts', key: 'expo.facts' },
  { field: 'violations', key: 'expo.violations' },
  { field: 'handling', key: 'expo.handling' },
  { field: 'lesson', key: 'expo.lesson' },
];

export function ExposureCard({ item }: { item: ExposureItem }) {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const cardRef = useRef<HTMLElement>(null);
  const collapsed = useRef(false);
  const titleId = `expo-title-${item.id}`;
  const detailId = `expo-detail-${item.id}`;
  const [lead, ...rest] = item.images;

  // Folding a long article can leave the reader below the card: bring its top back into view
  // (browsers without scroll anchoring would otherwise drop them somewhere further down the list).
  useEffect(() => {
    if (open || !collapsed.current) return;
    collapsed.current = false;
    const card = cardRef.current;
    if (card && card.getBoundingClientRect().top < 0) card.scrollIntoView({ block: 'start' });
  }, [open]);

  const toggle = () => {
    collapsed.current = open;
    setOpen(!open);
  };

  return (
    <article className="card expo" ref={cardRef} data-testid={`exposure-item-${item.id}`} aria-labelledby={titleId}>
      <h2 className="expo-title" id={titleId} data-testid={`exposure-title-${item.id}`}>
        {item.title}
      </h2>
      <ul className="expo-meta">
        <li>{t('expo.subject', { subject: item.subject })}</li>
        {item.sector ? <li>{t('expo.sector', { sector: item.sector })}</li> : null}
        <li>
          <time dateTime={item.publishedOn.slice(0, 10)}>{t('expo.publishedOn', { day: formatDay(item.publishedOn, lang) })}</time>
        </li>
      </ul>
      {item.dualPenalty || item.criminalTransfer ? (
        <ul className="expo-tags">
          {item.dualPenalty ? (
            <li className="expo-tag" data-testid={`exposure-dual-${item.id}`}>
              {t('expo.dualPenalty')}
            </li>
          ) : null}
          {item.criminalTransfer ? (
            <li className="expo-tag expo-tag-criminal" data-testid={`exposure-criminal-${item.id}`}>
              {t('expo.criminalTransfer')}
            </li>
          ) : null}
        </ul>
      ) : null}
      {lead ? <Photo image={lead} n={1} title={item.title} caption={open} /> : null}
      {!open && rest.length > 0 ? <p className="expo-more muted">{t('expo.photoMore', { n: rest.length })}</p> : null}

      {open ? (
        <div className="expo-detail" id={detailId} data-testid={`exposure-detail-${item.id}`}>
          {SECTIONS.map(({ field, key }) => (
            <section key={field} className="expo-section">
              <h3>{t(key)}</h3>
              <p className="prose">{item[field]}</p>
            </section>
          ))}
          {rest.length > 0 ? (
            <section className="expo-section">
              <h3>{t('expo.photos')}</h3>
              {rest.map((image, i) => (
                <Photo key={image.url} image={image} n={i + 2} title={item.title} caption />
              ))}
            </section>
          ) : null}
          {item.runs.length > 0 ? (
            <section className="expo-section">
              <h3>{t('expo.runs')}</h3>
              <ul className="expo-runs" data-testid={`exposure-runs-${item.id}`}>
                {item.runs.map((run, i) => (
                  <li key={i}>
                    <RunLine run={run} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
      ) : null}

      <button
        type="button"
        className="disclosure expo-toggle"
        data-testid={`exposure-toggle-${item.id}`}
        aria-expanded={open}
        aria-controls={open ? detailId : undefined}
        aria-describedby={titleId}
        onClick={toggle}
      >
        <span className="chevron" aria-hidden="true" />
        <span>{open ? t('expo.collapse') : t('expo.expand')}</span>
      </button>
    </article>
  );
}

function Photo({ image, n, title, caption }: { image: Image; n: number; title: string; caption: boolean }) {
  const { t } = useLang();
  return (
    <figure className="expo-figure">
      <img
        className="expo-photo"
        src={image.url}
        width={image.width}
        height={image.height}
        loading="lazy"
        decoding="async"
        alt={image.caption || t('expo.photoAlt', { title, n })}
      />
      {caption && image.caption ? <figcaption>{image.caption}</figcaption> : null}
    </figure>
  );
}

/** “刊播：{outlet} {ranOn}”, the outlet a link to the piece when there is one. */
function RunLine({ run }: { run: Run }) {
  const { t, lang } = useLang();
  // The server accepts only http(s) links; checked again so nothing else becomes an href.
  const link = run.link && /^https?:\/\//i.test(run.link) ? run.link : null;
  const outlet: ReactNode = link ? (
    <a href={link} target="_blank" rel="noopener noreferrer">
      {run.outlet}
      <span className="sr-only">{t('expo.newTab')}</span>
    </a>
  ) : (
    run.outlet
  );
  const day = <time dateTime={run.ranOn.slice(0, 10)}>{formatDay(run.ranOn, lang)}</time>;
  return <>{fillNodes(t('expo.run'), { outlet, ranOn: day })}</>;
}

/** `fill` for a template whose values are elements: splits it at the `{name}` places. */
function fillNodes(template: string, values: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{\w+\})/).map((part, i) => {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    return <Fragment key={i}>{name && name in values ? values[name] : part}</Fragment>;
  });
}
