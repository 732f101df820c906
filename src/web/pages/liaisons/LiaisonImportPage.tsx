import { useMemo } from 'react';
import type { TableColumnsType } from 'antd';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { downloadLiaisonSheet, useCommitLiaisonImport, usePreviewLiaisonImport, type LiaisonImportRow } from '../../api/liaisons';
import { useCurrentCampaign } from '../../components/CampaignContext';
import { ImportChange, ImportFlow, useOwnSubmissionChoices } from '../../components/ImportFlow';
import { useCampaignGate } from '../../components/NoCampaign';
import { wrapCell } from '../../components/table';
import { useLang } from '../../i18n';
import { tx } from '../../lib/format';

/**
 * The office imports a filled 附件1 (one unit's or consolidated): upload, check the preview, confirm.
 * Once saved it goes back to the list, which shows the new versions.
 */
export default function LiaisonImportPage() {
  const gate = useCampaignGate();
  const { currentId } = useCurrentCampaign();
  if (gate) return gate;
  return <ImportSteps campaignId={currentId!} />;
}

function ImportSteps({ campaignId }: { campaignId: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  const preview = usePreviewLiaisonImport(campaignId);
  const own = useOwnSubmissionChoices(preview.data?.rows, 'liaison-import');
  const commit = useCommitLiaisonImport(campaignId, own.current);

  const labelOf = useMemo(() => {
    const m = new Map((preview.data?.fields ?? []).map((f) => [f.key, tx(f.label, lang)]));
    return (key: string) => m.get(key) ?? key;
  }, [preview.data, lang]);
  // The server lists changes by key; the office reads them in the form's own order.
  const byFormOrder = useMemo(() => {
    const order = new Map((preview.data?.fields ?? []).map((f, i) => [f.key, i]));
    const at = (key: string) => order.get(key) ?? Number.MAX_SAFE_INTEGER;
    return (changes: LiaisonImportRow['changes']) => [...changes].sort((a, b) => at(a.key) - at(b.key));
  }, [preview.data]);

  // The server names a field `unit` or `values.<key>`; the office reads the column's own label.
  const fieldLabel = (field: string) => (field === 'unit' ? t('liaison.unit') : labelOf(field.replace(/^values\./, '')));

  const columns: TableColumnsType<LiaisonImportRow> = [
    {
      title: t('liaison.unit'),
      key: 'unit',
      width: 200,
      render: (_, r) => (
        <div style={wrapCell(220)}>
          {r.unit ? (
            <>
              <div style={{ fontWeight: 500 }}>{r.unit.name}</div>
              <Typography.Text type="secondary">{r.unit.code}</Typography.Text>
            </>
          ) : (
            <>
              <Typography.Text type="danger" strong>
                {[r.unitCode, r.unitName].filter(Boolean).join(' ') || '—'}
              </Typography.Text>
              <div>
                <Typography.Text type="secondary">{t('liaisonImport.notMatched')}</Typography.Text>
              </div>
            </>
          )}
        </div>
      ),
    },
    own.column,
    {
      title: t('liaison.changes'),
      key: 'changes',
      width: 360,
      render: (_, r) =>
        r.changes.length === 0 ? (
          <Typography.Text type="secondary">{t('liaison.noChanges')}</Typography.Text>
        ) : (
          <div style={wrapCell(420)}>
            {byFormOrder(r.changes).map((c) => (
              <ImportChange
                key={c.key}
                label={<strong>{labelOf(c.key)}</strong>}
                before={c.before}
                after={c.after ?? <Typography.Text type="secondary">{t('liaison.cleared')}</Typography.Text>}
              />
            ))}
          </div>
        ),
    },
  ];

  return (
    <ImportFlow<LiaisonImportRow>
      testId="liaison-import"
      title={t('liaisonImport.title')}
      intro={t('liaisonImport.intro')}
      back={{ to: '/liaisons', label: t('liaisonImport.back') }}
      template={{ label: t('liaisonImport.template'), download: () => downloadLiaisonSheet(campaignId) }}
      preview={preview}
      commit={commit}
      columns={columns}
      fieldLabel={fieldLabel}
      fieldStyle="label"
      missingColumns={{ label: labelOf, message: (columns) => t('liaisonImport.missingColumns', { columns }) }}
      doneText={(r) => t('liaisonImport.doneSummary', { created: r.created, updated: r.updated })}
      leaveWhenDone
      pending={own.pending}
    />
  );
}
