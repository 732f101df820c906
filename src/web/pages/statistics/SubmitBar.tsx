/*
 * Save and submit, kept in view at the bottom of the screen while the unit scrolls through the
 * categories, with the reason submission is refused spelled out next to the disabled button.
 *
 * Test ids:
 *   stat-save, stat-submit, stat-submit-blocked (why submit is disabled), stat-checking.
 */
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatisticsEditor } from './useStatisticsEditor';

type Editor = Pick<StatisticsEditor, 'save' | 'saving' | 'submit' | 'submitting' | 'checking' | 'hard' | 'unexplained' | 'touched'>;

export function SubmitBar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  const { hard, unexplained, checking } = editor;
  return (
    <Card
      size="small"
      style={{ position: 'sticky', bottom: 0, zIndex: 10, marginBottom: 12, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}
    >
      <Space wrap size={8} style={{ width: '100%' }}>
        <Button onClick={editor.save} loading={editor.saving} disabled={editor.submitting} data-testid="stat-save">
          {t('statistics.save')}
        </Button>
        <Button
          type="primary"
          onClick={editor.submit}
          loading={editor.submitting}
          disabled={editor.saving || hard.length > 0 || unexplained.length > 0}
          data-testid="stat-submit"
        >
          {t('statistics.submit')}
        </Button>
        {checking && (
          <Typography.Text type="secondary" data-testid="stat-checking">
            {t('statistics.checking')}
          </Typography.Text>
        )}
        {(hard.length > 0 || unexplained.length > 0) && (
          <Typography.Text type={hard.length ? 'danger' : 'warning'} data-testid="stat-submit-blocked">
            {hard.length > 0 ? t('statistics.blockedHard', { n: hard.length }) : t('statistics.blockedSoft', { n: unexplained.length })}
          </Typography.Text>
        )}
        {editor.touched && !checking && hard.length === 0 && unexplained.length === 0 && (
          <Typography.Text type="secondary">{t('statistics.unsaved')}</Typography.Text>
        )}
      </Space>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
        {t('statistics.blankAsZero')}
      </Typography.Text>
    </Card>
  );
}
