/*
 * Save and submit, kept in view at the bottom while the unit scrolls the record, and deleting a
 * draft that was never submitted.
 *
 * Test ids:
 *   act-save, act-submit, act-delete (a draft's; asks first), act-delete-confirm, act-unsaved.
 */
import { App as AntApp, Button, Card, Popconfirm, Space, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useDeleteActivity, type Activity } from '../../api/activities';
import { errorMessage } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import type { ActivityEditor } from './useActivityEditor';

type Editor = Pick<ActivityEditor, 'save' | 'submit' | 'busy' | 'uploading' | 'dirty'>;

export function ActivityActions({ campaignId, activity, editor }: { campaignId: number; activity: Activity | undefined; editor: Editor }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const remove = useDeleteActivity(campaignId);
  const { busy, uploading } = editor;

  return (
    <Card size="small" style={{ position: 'sticky', bottom: 0, zIndex: 10, marginBottom: 12, boxShadow: '0 -2px 8px rgba(0,0,0,0.06)' }}>
      <Space wrap size={8}>
        <Button onClick={editor.save} loading={busy === 'save'} disabled={busy !== null || uploading} data-testid="act-save">
          {t('activities.save')}
        </Button>
        <Button type="primary" onClick={editor.submit} loading={busy === 'submit'} disabled={busy !== null || uploading} data-testid="act-submit">
          {t('activities.submit')}
        </Button>
        {activity?.can.delete && (
          <Popconfirm
            title={t('activities.confirmDelete')}
            okText={t('common.remove')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'act-delete-confirm' } as React.ComponentProps<typeof Button>}
            onConfirm={() =>
              remove.mutate(activity.id, {
                onSuccess: () => {
                  void message.success(t('activities.deleted'));
                  navigate('/activities', { replace: true });
                },
                onError: (e) => void message.error(errorMessage(e, lang, t('errors.unknown'))),
              })
            }
          >
            <Button danger type="text" loading={remove.isPending} disabled={busy !== null} data-testid="act-delete">
              {t('activities.deleteDraft')}
            </Button>
          </Popconfirm>
        )}
        {editor.dirty && (
          <Typography.Text type="secondary" data-testid="act-unsaved">
            {t('activities.unsaved')}
          </Typography.Text>
        )}
      </Space>
    </Card>
  );
}
