import { useEffect } from 'react';
import { Alert } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useLang } from '../i18n';
import type { Lang } from '../lib/format';

/** `roles.0` → ['roles', 0]; a trailing index is dropped so the error lands on the list's own field. */
export function fieldPath(field: string): (string | number)[] {
  const path: (string | number)[] = field
    .split('.')
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  while (path.length > 1 && typeof path[path.length - 1] === 'number') path.pop();
  return path;
}

export function errorMessage(error: unknown, lang: Lang, fallback: string): string {
  if (error instanceof ApiError) return lang === 'en' ? error.messageEn || error.message : error.message;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

/**
 * Puts the server's per-field messages onto the form's fields. An error without fields whose
 * code names one field (e.g. `unit.code_taken` → `code`) lands on that field via `codeFields`.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, lang: Lang, codeFields?: Record<string, string>): void {
  if (!(error instanceof ApiError)) return;
  const fields =
    error.fields.length > 0
      ? error.fields
      : codeFields?.[error.code]
        ? [{ field: codeFields[error.code]!, message: error.message, messageEn: error.messageEn }]
        : [];
  if (fields.length === 0) return;
  const byPath = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const f of fields) {
    const name = fieldPath(f.field);
    const key = JSON.stringify(name);
    const entry = byPath.get(key) ?? { name, errors: [] };
    entry.errors.push(lang === 'en' ? f.messageEn || f.message : f.message);
    byPath.set(key, entry);
  }
  form.setFields([...byPath.values()]);
}

interface Props {
  error: unknown;
  /** When given, field errors are also shown on the form's fields. */
  form?: FormInstance;
  /** List the field errors in the alert too (for forms that don't show every field). */
  listFields?: boolean;
  /** Error codes that belong to one form field, e.g. { 'unit.code_taken': 'code' }. */
  codeFields?: Record<string, string>;
  style?: React.CSSProperties;
  onClose?: () => void;
}

export function ErrorAlert({ error, form, listFields, codeFields, style, onClose }: Props) {
  const { t } = useTranslation();
  const lang = useLang();

  useEffect(() => {
    if (form && error) applyFieldErrors(form, error, lang, codeFields);
    // codeFields is a constant per form
  }, [form, error, lang]);

  if (!error) return null;
  const fields = error instanceof ApiError ? error.fields : [];
  const showList = fields.length > 0 && (listFields || !form);
  return (
    <Alert
      type="error"
      showIcon
      data-testid="error-alert"
      style={{ marginBottom: 16, ...style }}
      title={errorMessage(error, lang, t('errors.unknown'))}
      closable={onClose ? { onClose } : undefined}
      description={
        showList ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {fields.map((f, i) => (
              <li key={i}>
                <code>{f.field}</code>{t('punct.colon')}{lang === 'en' ? f.messageEn || f.message : f.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
