/*
 * Save and submit, kept in view at the bottom of the screen while the unit scrolls through the
 * sections, with the reason a button is disabled spelled out beside it.
 *
 * Test ids:
 *   sum-save, sum-submit, sum-blocked (why saving or submitting is refused), sum-unsaved.
 */
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SummaryEditor } from './useSummaryEditor';

type Editor = Pick<SummaryEditor, 'save' | 'saving' | 'submit' | 'submitting' | 'tooLong' | 'empty' | 'touched'>;

export function SummarySubmitBar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const { tooLong, empty } = editor;
  // A section past the limit is refused by the server on a save as on a submission.
  const blocked = tooLong.length > 0 ? t('summary.blockedLong', { n: tooLong.length }) : empty ? t('summary.blockedEmpty') : null;
  return (
    <Card
      size="small"
      style={{ position: 'sticky', bottom: 0, zIndex: 10, marginBottom: 12, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}
    >
      <Space wrap size={8} style={{ width: '100%' }}>
        <Button onClick={editor.save} loading={editor.saving} disabled={editor.submitting || tooLong.length > 0} data-testid="sum-save">
          {t('summary.save')}
        </Button>
        <Button
          type="primary"
          onClick={editor.submit}
          loading={editor.submitting}
          disabled={editor.saving || tooLong.length > 0 || empty}
          data-testid="sum-submit"
        >
          {t('summary.submit')}
        </Button>
        {blocked && (
          <Typography.Text type={tooLong.length ? 'danger' : 'secondary'} data-testid="sum-blocked">
            {blocked}
          </Typography.Text>
        )}
        {!blocked && editor.touched && (
          <Typography.Text type="secondary" data-testid="sum-unsaved">
            {t('summary.unsaved')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
