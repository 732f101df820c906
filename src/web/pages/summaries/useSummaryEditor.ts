/*
 * What the unit has written and picked while it edits its summary: one piece of HTML per campaign
 * section and the photos with their captions, saved or submitted whole (never a patch) with the
 * revision they were read at, and the server's field errors put back on the section or photo
 * they name.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { htmlText, isBlankHtml } from '../../../domain/forms/summary.rules';
import type { FieldError } from '../../api/client';
import { useSaveSummary, useSubmitSummary, type SummaryBody, type UnitSummary } from '../../api/summaries';
import { useLang } from '../../i18n';
import { inLang } from '../../components/EditorActionError';
import { useEditorRefusal } from '../../lib/useEditorRefusal';

/** A photo or video picked for the summary, with the caption being typed. */
export interface MediaChoice {
  id: number;
  caption: string;
}


function sectionsOf(data: UnitSummary): Record<string, string> {
  const saved = data.summary?.sections ?? {};
  return Object.fromEntries(data.sections.map((s) => [s.key, saved[s.key] ?? '']));
}

function picksOf(data: UnitSummary): MediaChoice[] {
  return (data.summary?.media ?? []).map((m) => ({ id: m.id, caption: m.caption ?? '' }));
}

/** Characters of text a reader sees, and characters the server stores and limits (markup included). */
export function sectionSize(html: string) {
  return { text: html ? htmlText(html).replace(/\n/g, '').length : 0, stored: html.length };
}

export function useSummaryEditor(campaignId: number, data: UnitSummary) {
  const { t } = useTranslation();
  const lang = useLang();
  const unitId = data.unit.id;
  const summary = data.summary;
  const editable = data.can.edit;
  const { sectionChars, mediaPicks } = data.limits;

  const [sections, setSections] = useState<Record<string, string>>(() => sectionsOf(data));
  const [picks, setPicks] = useState<MediaChoice[]>(() => picksOf(data));
  const [touched, setTouched] = useState(false);
  const refusal = useEditorRefusal('summary.conflict');
  const { fieldErrors, dropFieldErrors } = refusal;

  // Whatever the server last answered is the truth: a save, a return by the office, a reload.
  const syncKey = summary ? `${summary.id}:${summary.revision}:${summary.status}:${summary.updatedAt}` : 'none';
  useEffect(() => {
    setSections(sectionsOf(data));
    setPicks(picksOf(data));
    setTouched(false);
  }, [syncKey]);

  const save = useSaveSummary(campaignId, unitId);
  const submit = useSubmitSummary(campaignId, unitId);

  const tooLong = useMemo(() => data.sections.filter((s) => (sections[s.key] ?? '').length > sectionChars).map((s) => s.key), [data.sections, sections, sectionChars]);
  const empty = data.sections.every((s) => isBlankHtml(sections[s.key] ?? ''));

  /**
   * A pick's errors are named by its place in what was sent (`media.<i>.id`); that is its place
   * now too, since picking or unpicking anything clears them.
   */
  const pickErrors = (id: number) => {
    const index = picks.findIndex((p) => p.id === id);
    return index < 0 ? [] : fieldErrors.filter((f) => f.field.startsWith(`media.${index}.`)).map((f) => inLang(f, lang));
  };
  // An error on a field no section or photo shows would otherwise be lost: the error alert lists these.
  const knownFields = (f: FieldError) =>
    data.sections.some((s) => f.field === `sections.${s.key}`) || (/^media\.\d+\./.test(f.field) && picks.length > Number(f.field.split('.')[1]));
  const strayFieldErrors = fieldErrors.filter((f) => !knownFields(f));

  const setSection = (key: string, html: string) => {
    setSections((prev) => ({ ...prev, [key]: html }));
    setTouched(true);
    dropFieldErrors((f) => f.field === `sections.${key}` || f.field === 'sections');
  };
  const togglePick = (id: number, on: boolean) => {
    setPicks((prev) => (on ? (prev.some((p) => p.id === id) || prev.length >= mediaPicks ? prev : [...prev, { id, caption: '' }]) : prev.filter((p) => p.id !== id)));
    setTouched(true);
    // The indexes the server named no longer point at the same photos.
    dropFieldErrors((f) => f.field.startsWith('media.'));
  };
  const setCaption = (id: number, caption: string) => {
    setPicks((prev) => prev.map((p) => (p.id === id ? { ...p, caption } : p)));
    setTouched(true);
  };

  const body = (): SummaryBody => ({
    sections: Object.fromEntries(data.sections.map((s) => [s.key, sections[s.key] ?? ''])),
    media: picks.map((p) => ({ id: p.id, caption: p.caption.trim() || null })),
    ...(summary ? { revision: summary.revision } : {}),
  });

  return {
    editable,
    syncKey,
    sections,
    picks,
    /** Changed since the server's last answer. */
    touched,
    tooLong,
    empty,
    setSection,
    togglePick,
    setCaption,
    errorsFor: refusal.errorsFor,
    pickErrors,
    actionError: refusal.actionError,
    strayFieldErrors,
    conflict: refusal.conflict,
    dismissError: refusal.dismissError,
    clearErrors: refusal.clearErrors,
    save: () => refusal.send(save, body(), t('summary.saved')),
    saving: save.isPending,
    submit: () => refusal.send(submit, body(), t('summary.submitDone')),
    submitting: submit.isPending,
  };
}

export type SummaryEditor = ReturnType<typeof useSummaryEditor>;
