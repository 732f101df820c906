/*
 * A refused save or submission of a form editor (statistics table, summary). Errors the server
 * names on a field the page shows are shown there; the others are listed here so none is lost, and
 * a conflict (someone saved first) offers the reload that resolves it.
 */
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../api/client';
import { errorMessage } from './ErrorAlert';
import { useLang } from '../i18n';
import type { Lang } from '../lib/format';

/** A field error's message in the page's language. */
export const inLang = (f: FieldError, lang: Lang) => (lang === 'en' ? f.messageEn || f.message : f.message);

export interface ActionErrorSource {
  actionError: unknown;
  strayFieldErrors: FieldError[];
  conflict: boolean;
  dismissError: () => void;
}

export function EditorActionError({ editor, reload, testId, reloadLabel, showFieldNames }: {
  editor: ActionErrorSource;
  reload: () => void;
  testId: string;
  reloadLabel: string;
  /** Name the field before its message (a table's indicator codes mean something to its users). */
  showFieldNames?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const { actionError, strayFieldErrors } = editor;
  if (!actionError) return null;
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      style={{ marginBottom: 12 }}
      title={errorMessage(actionError, lang, t('errors.unknown'))}
      description={
        strayFieldErrors.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {strayFieldErrors.map((f, n) => (
              <li key={n}>
                {showFieldNames && (
                  <>
                    <code>{f.field}</code>
                    {t('punct.colon')}
                  </>
                )}
                {inLang(f, lang)}
              </li>
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
            {reloadLabel}
          </Button>
        ) : undefined
      }
      closable={{ onClose: editor.dismissError }}
    />
  );
}
