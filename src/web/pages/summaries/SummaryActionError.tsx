/*
 * A refused save or submission. Errors the server names on a section or a photo are shown there;
 * the ones nothing on the page shows (an empty summary, say) are listed here so none is lost, and
 * a conflict (someone saved first) offers the reload that resolves it.
 *
 * Test ids:
 *   sum-action-error.
 */
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/ErrorAlert';
import { useLang } from '../../i18n';
import { inLang, type SummaryEditor } from './useSummaryEditor';

type Editor = Pick<SummaryEditor, 'actionError' | 'strayFieldErrors' | 'conflict' | 'dismissError'>;

export function SummaryActionError({ editor, reload }: { editor: Editor; reload: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { actionError, strayFieldErrors } = editor;
  if (!actionError) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid="sum-action-error"
      style={{ marginBottom: 12 }}
      title={errorMessage(actionError, lang, t('errors.unknown'))}
      description={
        strayFieldErrors.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {strayFieldErrors.map((f, n) => (
              <li key={n}>{inLang(f, lang)}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        editor.conflict ? (
          <Button
            size="small"
            onClick={() => {
              editor.dismissError();
              reload();
            }}
          >
            {t('summary.conflictReload')}
          </Button>
        ) : undefined
      }
      closable={{ onClose: editor.dismissError }}
    />
  );
}
