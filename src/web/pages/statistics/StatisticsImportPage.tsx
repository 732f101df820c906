/*
 * The office imports 附件2 tables received on paper or by e-mail (see ImportFlow for the steps).
 *
 * Test ids: the stat-import-* set of ImportFlow; stat-import-done and stat-import-back lead to the
 * office's list, stat-import-row-<row> carries data-action; a row that would replace a unit's own
 * filing shows stat-import-own-<row> with the choices stat-import-keep-<row> / stat-import-take-<row>.
 */
import { useMemo } from 'react';
import type { TableColumnsType } from 'antd';
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  useCommitStatisticsImport,
  usePreviewStatisticsImport,
  useStatisticsForm,
  type StatisticsImportRow,
} from '../../api/statistics';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ImportChange, ImportFlow, useOwnSubmissionChoices } from '../../components/ImportFlow';
import { useCampaignGate } from '../../components/NoCampaign';
import { wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

export default function StatisticsImportPage() {
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  if (gate) return gate;
  return <ImportSteps campaignId={currentId!} />;
}

function ImportSteps({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: form } = useStatisticsForm(campaignId);
  const preview = usePreviewStatisticsImport(campaignId);
  const own = useOwnSubmissionChoices(preview.data?.rows, 'stat-import');
  const commit = useCommitStatisticsImport(campaignId, own.current);

  const labelOf = useMemo(() => {
    const m = new Map((form?.indicators ?? []).map((i) => [i.key, tx(i.label, lang)]));
    return (key: string) => m.get(key) ?? key;
  }, [form, lang]);
  // The server names a missing column by its Chinese header; show it in the reader's language.
  const columnOf = useMemo(() => {
    const m = new Map((form?.indicators ?? []).map((i) => [i.label.zh, tx(i.label, lang)]));
    return (zh: string) => m.get(zh) ?? zh;
  }, [form, lang]);
  const fieldOf = (field: string) =>
    field === 'unit' ? t('statistics.unit') : field.startsWith('values.') ? labelOf(field.slice('values.'.length)) : field;

  const num = (v: number | null) => (v === null ? <Typography.Text type="secondary">{t('statistics.blank')}</Typography.Text> : v);

  const columns: TableColumnsType<StatisticsImportRow> = [
    {
      title: t('statistics.unit'),
      key: 'given',
      width: 200,
      render: (_, r) => (
        <div style={wrapCell(220)}>
          {r.name}
          {r.code && <Typography.Text type="secondary">{t('punct.paren', { x: r.code })}</Typography.Text>}
        </div>
      ),
    },
    {
      title: t('statistics.matchedUnit'),
      key: 'unit',
      width: 180,
      render: (_, r) => (r.unit ? <div style={wrapCell(200)}>{r.unit.name}</div> : <Tag color="red">{t('statistics.noMatch')}</Tag>),
    },
    own.column,
    {
      title: t('statistics.changes'),
      key: 'changes',
      width: 320,
      render: (_, r) => {
        if (r.changes.length === 0) return <Typography.Text type="secondary">{t('statistics.noChanges')}</Typography.Text>;
        // A new table lists every indicator; the blanks that become 0 are counted, not listed.
        const shown = r.changes.filter((c) => c.before !== null || (c.after ?? 0) !== 0);
        const zeros = r.changes.length - shown.length;
        return (
          <div style={wrapCell(360)}>
            {shown.map((c) => (
              <ImportChange key={c.key} label={labelOf(c.key)} before={c.before} after={<strong>{num(c.after)}</strong>} />
            ))}
            {zeros > 0 && <Typography.Text type="secondary">{t('statistics.restZero', { n: zeros })}</Typography.Text>}
          </div>
        );
      },
    },
  ];

  return (
    <ImportFlow<StatisticsImportRow>
      testId="stat-import"
      title={t('statistics.importTitle')}
      intro={t('statistics.importIntro')}
      back={{ to: '/statistics/office', label: t('statistics.importBack') }}
      preview={preview}
      commit={commit}
      columns={columns}
      fieldLabel={fieldOf}
      missingColumns={{ label: columnOf, message: (cols) => t('statistics.missingColumns', { cols }) }}
      doneText={(r) => t('statistics.importDone', { created: r.created, updated: r.updated, kept: 'kept' in r ? Number(r.kept) : 0 })}
      pending={own.pending}
    />
  );
}
