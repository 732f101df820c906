/*
 * A unit's campaign timeline: its activities in date order, grouped by the campaign period their
 * task category belongs to (the Month, the Tour). A unit sees its own; the office, and a unit
 * with sub-units, picks whose (?unit=).
 *
 * Test ids:
 *   tl-unit (the unit picker), tl-period-<periodKey> (data-count), tl-item-<id> (data-status).
 */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Card, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { GlobalOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useActivityTimeline, type ActivityTimeline } from '../../api/activities';
import { useMe } from '../../api/auth';
import { useUnits } from '../../api/units';
import type { CampaignDefinition } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useCampaignGate } from '../../components/NoCampaign';
import { PageHeader } from '../../components/PageHeader';
import { useCan } from '../../components/RequireRole';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useLang } from '../../i18n';
import { formatDayRange, tx } from '../../lib/format';
import { ACTIVITY_STATUS_COLOR, ActivityStatusTag, useActivityCampaign } from './parts';

type Item = ActivityTimeline['items'][number];

interface Group {
  key: string;
  name: string;
  range: string;
  items: Item[];
}

/** Each item under its category's period, in the campaign's order; a category the campaign lost goes last. */
function groupsOf(data: ActivityTimeline, def: CampaignDefinition | undefined, lang: 'zh' | 'en', other: string): Group[] {
  const periodOfCategory = new Map((def?.taskCategories ?? []).map((c) => [c.key, c.period]));
  const groups: Group[] = data.periods.map((p) => ({
    key: p.key,
    name: tx(p.name, lang),
    range: formatDayRange(p.start, p.end, lang),
    items: data.items.filter((i) => periodOfCategory.get(i.category.key) === p.key),
  }));
  const known = new Set(data.periods.map((p) => p.key));
  const stray = data.items.filter((i) => !known.has(periodOfCategory.get(i.category.key) ?? ''));
  if (stray.length) groups.push({ key: '_other', name: other, range: '', items: stray });
  return groups;
}

export default function ActivityTimelinePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const gate = useCampaignGate();
  const can = useCan();
  const { data: me } = useMe();
  const { data: units } = useUnits();
  const { campaignId, def } = useActivityCampaign();
  const [params, setParams] = useSearchParams();
  const asked = params.get('unit');
  const office = can('activities.office');
  const unitId = asked && /^\d+$/.test(asked) ? Number(asked) : office ? undefined : me?.unit.id;
  const { data, isLoading, error } = useActivityTimeline(campaignId, unitId);
  const groups = useMemo(() => (data ? groupsOf(data, def, lang, t('activities.otherPeriod')) : []), [data, def, lang, t]);

  if (gate) return gate;
  const showUnit = office || (units?.length ?? 0) > 1;

  return (
    <div>
      <PageHeader
        title={t('activities.timelineTitle')}
        sub={data?.unit.name}
        extra={
          <>
            {showUnit && (
              <UnitTreeSelect
                data-testid="tl-unit"
                value={unitId}
                onChange={(v) => setParams(v ? { unit: String(v) } : {}, { replace: true })}
                placeholder={t('activities.timelinePickUnit')}
                style={{ width: 260, maxWidth: '100%' }}
              />
            )}
            <Link to={unitId ? `/activities?unit=${unitId}` : '/activities'}>
              <Button icon={<UnorderedListOutlined />}>{t('nav.activities')}</Button>
            </Link>
          </>
        }
      />
      <ErrorAlert error={error} />
      {unitId === undefined ? (
        <Empty description={t('activities.timelinePickUnit')} />
      ) : isLoading ? (
        <div style={{ padding: 48, textAlign: 'center' }}>
          <Spin />
        </div>
      ) : (
        groups.map((g) => (
          <Card
            key={g.key}
            size="small"
            style={{ marginBottom: 12 }}
            data-testid={`tl-period-${g.key}`}
            data-count={g.items.length}
            title={
              <Space wrap size={6}>
                <span>{g.name}</span>
                {g.range && <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>{g.range}</Typography.Text>}
                <Tag style={{ marginInlineEnd: 0 }}>{t('activities.timelineCount', { n: g.items.length })}</Tag>
              </Space>
            }
          >
            {g.items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('activities.timelineEmpty')} />
            ) : (
              <Timeline
                items={g.items.map((i) => ({
                  key: i.id,
                  color: ACTIVITY_STATUS_COLOR[i.status] === 'default' ? 'gray' : ACTIVITY_STATUS_COLOR[i.status],
                  content: (
                    <div data-testid={`tl-item-${i.id}`} data-status={i.status}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {i.startsOn === i.endsOn ? i.startsOn : `${i.startsOn} ~ ${i.endsOn}`}
                      </Typography.Text>
                      <div>
                        <Link to={`/activities/${i.id}`}>{i.title}</Link>
                        {i.isPublic && <GlobalOutlined style={{ marginInlineStart: 6, color: '#24508f' }} title={t('activities.isPublic')} />}
                      </div>
                      <Space size={6} wrap>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {tx(i.category.name, lang)}
                        </Typography.Text>
                        <ActivityStatusTag status={i.status} />
                      </Space>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        ))
      )}
    </div>
  );
}
