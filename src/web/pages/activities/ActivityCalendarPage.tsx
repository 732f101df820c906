/*
 * 活动日历: one month of the campaign, each day with how many activities fall on it (an activity
 * spanning days is on each) and the first of their titles, the campaign's own dates (launch,
 * consultation day) marked. On a phone the month shrinks to counts; the chosen day's
 * activities are listed under it on every screen.
 *
 * Test ids:
 *   cal-calendar, cal-day-<YYYY-MM-DD> (days with activities or milestones; data-count),
 *   cal-milestone-<key>, cal-item-<id> (a title in a cell), cal-day-list (the chosen day's list),
 *   cal-list-item-<id>, cal-filter-unit, cal-filter-category, cal-filter-status.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Badge, Button, Calendar, Card, Empty, Grid, Select, Space, Tag, Typography } from 'antd';
import { UnorderedListOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ACTIVITY_STATUSES, useActivityCalendar, type ActivityCalendar, type ActivityStatus } from '../../api/activities';
import type { CampaignDefinition } from '../../api/types';
import { useUnits } from '../../api/units';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { formatDay, todayInShanghai, tx } from '../../lib/format';
import { ActivityStatusTag, useActivityCampaign } from './parts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** Titles a full-size cell shows before "+N". */
const TITLES_PER_CELL = 3;

/** The current month while the campaign runs, else the month it starts. */
function defaultMonth(def: CampaignDefinition | undefined): string {
  const today = todayInShanghai();
  const periods = def?.periods ?? [];
  if (periods.some((p) => p.start <= today && today <= p.end)) return today.slice(0, 7);
  const first = [...periods].sort((a, b) => a.start.localeCompare(b.start))[0];
  return (first?.start ?? today).slice(0, 7);
}

type Day = ActivityCalendar['days'][number];
type Milestone = ActivityCalendar['milestones'][number];

export default function ActivityCalendarPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const full = !!screens.md;
  const { data: units } = useUnits();
  const { campaignId, def, categoryOptions, categoryName } = useActivityCampaign();
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && MONTH.test(asked) ? asked : defaultMonth(def);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [category, setCategory] = useState<string | undefined>();
  const [status, setStatus] = useState<ActivityStatus | undefined>();
  const [selected, setSelected] = useState<string | undefined>();
  const { data, error, isFetching } = useActivityCalendar(campaignId, month, { unitId, category, status });

  const days = useMemo(() => new Map((data?.month === month ? data.days : []).map((d) => [d.date, d])), [data, month]);
  const milestones = useMemo(() => {
    const m = new Map<string, Milestone[]>();
    for (const x of data?.month === month ? data.milestones : []) m.set(x.date, [...(m.get(x.date) ?? []), x]);
    return m;
  }, [data, month]);

  if (gate) return gate;

  const showUnit = can('activities.office') || (units?.length ?? 0) > 1;
  const chosen = selected?.startsWith(month) ? selected : undefined;
  const chosenDay = chosen ? days.get(chosen) : undefined;

  const cell = (d: Dayjs) => {
    const key = d.format('YYYY-MM-DD');
    if (!key.startsWith(month)) return null;
    const day = days.get(key);
    const marks = milestones.get(key) ?? [];
    if (!day && marks.length === 0) return null;
    return (
      <div data-testid={`cal-day-${key}`} data-count={day?.count ?? 0} style={{ lineHeight: 1.4, fontSize: 12 }}>
        {marks.map((m) =>
          full ? (
            <Tag key={m.key} color="red" data-testid={`cal-milestone-${m.key}`} style={{ marginInlineEnd: 0, whiteSpace: 'normal', fontSize: 11 }}>
              {tx(m.name, lang)}
              {m.approximate ? ` ${t('overview.approximate')}` : ''}
            </Tag>
          ) : (
            <Badge key={m.key} color="red" data-testid={`cal-milestone-${m.key}`} title={tx(m.name, lang)} />
          ),
        )}
        {day &&
          (full ? (
            <>
              {day.items.slice(0, TITLES_PER_CELL).map((i) => (
                <div key={i.id} style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                  <Link to={`/activities/${i.id}`} data-testid={`cal-item-${i.id}`} title={`${i.unit.shortName} · ${i.title}`}>
                    {i.unit.shortName} · {i.title}
                  </Link>
                </div>
              ))}
              {day.count > TITLES_PER_CELL && <Typography.Text type="secondary">{t('activities.calendarMore', { n: day.count - TITLES_PER_CELL })}</Typography.Text>}
            </>
          ) : (
            <Badge count={day.count} size="small" color="#24508f" />
          ))}
      </div>
    );
  };

  return (
    <div>
      <PageHeader
        title={t('nav.activityCalendar')}
        sub={def ? tx(def.identity.shortTitle, lang) : undefined}
        extra={
          <Link to="/activities">
            <Button icon={<UnorderedListOutlined />}>{t('nav.activities')}</Button>
          </Link>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          {showUnit && (
            <UnitTreeSelect
              data-testid="cal-filter-unit"
              value={unitId}
              onChange={setUnitId}
              allowClear
              placeholder={t('activities.allUnits')}
              style={{ width: 240, maxWidth: '100%' }}
            />
          )}
          <Select<string>
            data-testid="cal-filter-category"
            allowClear
            placeholder={t('activities.allCategories')}
            value={category}
            onChange={(v) => setCategory(v ?? undefined)}
            options={categoryOptions}
            popupMatchSelectWidth={false}
            style={{ width: 220, maxWidth: '100%' }}
          />
          <Select
            data-testid="cal-filter-status"
            allowClear
            placeholder={t('activities.allStatuses')}
            value={status}
            onChange={(v) => setStatus(v ?? undefined)}
            options={ACTIVITY_STATUSES.map((s) => ({ value: s, label: t(`activities.statuses.${s}`) }))}
            style={{ width: 130 }}
          />
        </Space>
      </Card>
      <ErrorAlert error={error} />
      <Card size="small" style={{ marginBottom: 12, opacity: isFetching ? 0.7 : 1 }} data-testid="cal-calendar" data-month={month}>
        <Calendar
          fullscreen={full}
          value={dayjs(chosen ?? `${month}-01`)}
          onPanelChange={(d) => {
            setSelected(undefined);
            setParams({ month: d.format('YYYY-MM') }, { replace: true });
          }}
          onSelect={(d, info) => {
            if (info.source === 'date') setSelected(d.format('YYYY-MM-DD'));
            else setParams({ month: d.format('YYYY-MM') }, { replace: true });
          }}
          cellRender={(d, info) => (info.type === 'date' ? cell(d) : info.originNode)}
        />
      </Card>
      <Card size="small" title={chosen ? formatDay(chosen, lang) : t('activities.calendarPickDay')} data-testid="cal-day-list">
        {chosen && (milestones.get(chosen) ?? []).map((m) => (
          <Tag key={m.key} color="red" style={{ marginBottom: 8, whiteSpace: 'normal' }}>
            {tx(m.name, lang)}
          </Tag>
        ))}
        {chosenDay ? (
          <DayList day={chosenDay} categoryName={categoryName} />
        ) : chosen ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('activities.calendarNone')} />
        ) : null}
      </Card>
    </div>
  );
}

function DayList({ day, categoryName }: { day: Day; categoryName: (key: string) => string }) {
  const { t } = useTranslation();
  return (
    <>
      {day.items.map((i) => (
        <div
          key={i.id}
          data-testid={`cal-list-item-${i.id}`}
          style={{ display: 'flex', gap: 8, justifyContent: 'space-between', alignItems: 'flex-start', padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}
        >
          <div style={{ minWidth: 0 }}>
            <Link to={`/activities/${i.id}`}>{i.title}</Link>
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {i.unit.shortName} · {categoryName(i.category)}
              </Typography.Text>
            </div>
          </div>
          <ActivityStatusTag status={i.status} />
        </div>
      ))}
      {day.count > day.items.length && (
        <Typography.Text type="secondary">{t('activities.calendarCapped', { shown: day.items.length, n: day.count })}</Typography.Text>
      )}
    </>
  );
}
