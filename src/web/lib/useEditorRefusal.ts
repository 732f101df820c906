/*
 * What a unit's editor (the statistics table, the summary) keeps of the server's last refusal of a
 * save or a submission: the error, shown above the form, and its field errors, shown at the fields
 * they name, until the next success or until the person edits that field. `send` runs a save or a
 * submission with both wired and says so when it succeeds.
 */
import { useState } from 'react';
import { App as AntApp } from 'antd';
import { ApiError, type FieldError } from '../api/client';
import { inLang } from '../components/EditorActionError';
import { useLang } from '../i18n';

interface Sendable<B> {
  mutate(body: B, handlers: { onSuccess: () => void; onError: (e: unknown) => void }): void;
}

export function useEditorRefusal(conflictCode: string) {
  const lang = useLang();
  const { message } = AntApp.useApp();
  const [fieldErrors, setFieldErrors] = useState<FieldError[]>([]);
  const [actionError, setActionError] = useState<unknown>(null);

  const clearErrors = () => {
    setActionError(null);
    setFieldErrors([]);
  };

  return {
    fieldErrors,
    /** Drops the field errors the person's edit has made stale. */
    dropFieldErrors: (stale: (f: FieldError) => boolean) => setFieldErrors((prev) => prev.filter((f) => !stale(f))),
    errorsFor: (field: string) => fieldErrors.filter((f) => f.field === field).map((f) => inLang(f, lang)),
    actionError,
    /** Someone else saved first: only a reload can help. */
    conflict: actionError instanceof ApiError && actionError.code === conflictCode,
    dismissError: () => setActionError(null),
    /** A workflow step succeeded, so the refusal of an earlier save or submission no longer applies. */
    clearErrors,
    send<B>(mutation: Sendable<B>, body: B, doneText: string) {
      mutation.mutate(body, {
        onSuccess: () => {
          clearErrors();
          void message.success(doneText);
        },
        onError: (e) => {
          setActionError(e);
          setFieldErrors(e instanceof ApiError ? e.fields : []);
        },
      });
    },
  };
}
