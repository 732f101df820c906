/*
 * The figures and explanations of one unit's table while the caller edits them: checked on the
 * server as the user types (the rules and the peer medians live there), saved or submitted with
 * the revision they were read at, and the server's field errors put back on the cells they name.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useSaveStatistics,
  useStatisticsCheck,
  useSubmitStatistics,
  type StatisticsBody,
  type StatisticsFinding,
  type UnitStatistics,
} from '../../api/statistics';
import { useEditorRefusal } from '../../lib/useEditorRefusal';

export type Values = Record<string, number | null>;

/** How long typing must pause before the figures are checked on the server. */
const CHECK_DELAY_MS = 400;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}


/** The saved figures; while the unit can edit, a figure not saved yet starts from its activities' pre-fill. */
function valuesOf(data: UnitStatistics): Values {
  return { ...(data.can.edit ? data.prefill : {}), ...(data.report?.values ?? {}) };
}

export function useStatisticsEditor(campaignId: number, data: UnitStatistics) {
  const { t } = useTranslation();
  const unitId = data.unit.id;
  const report = data.report;
  const editable = data.can.edit;

  const [values, setValues] = useState<Values>(() => valuesOf(data));
  const [comments, setComments] = useState<Record<string, string>>(() => ({ ...(report?.comments ?? {}) }));
  const [touched, setTouched] = useState(false);
  const refusal = useEditorRefusal('statistics.conflict');
  const { fieldErrors, dropFieldErrors } = refusal;

  // Whatever the server last answered is the truth: a save, a return by the office, a reload.
  const syncKey = report ? `${report.id}:${report.revision}:${report.status}:${report.updatedAt}` : 'none';
  useEffect(() => {
    setValues(valuesOf(data));
    setComments({ ...(data.report?.comments ?? {}) });
    setTouched(false);
  }, [syncKey]);

  // An activity accepted while the table is open (or since it was cached) moves the pre-fill: a
  // figure that still shows the old pre-fill, or none, follows it; one the unit typed or saved stays.
  const prefillKey = JSON.stringify(data.prefill);
  const lastPrefill = useRef(data.prefill);
  useEffect(() => {
    const old = lastPrefill.current;
    lastPrefill.current = data.prefill;
    if (!editable) return;
    setValues((prev) => {
      const next = { ...prev };
      for (const [k, v] of Object.entries(data.prefill)) {
        const current = prev[k];
        if (data.report?.values[k] === undefined && (current === null || current === undefined || current === old[k])) next[k] = v;
      }
      return next;
    });
  }, [prefillKey]);

  const save = useSaveStatistics(campaignId, unitId);
  const submit = useSubmitStatistics(campaignId, unitId);

  const debounced = useDebounced(values, CHECK_DELAY_MS);
  const check = useStatisticsCheck(campaignId, unitId, editable && touched ? debounced : undefined);
  const checking = editable && touched && (debounced !== values || check.isFetching);
  const findings: StatisticsFinding[] = editable && touched && check.data && !check.isError ? check.data.findings : data.findings;

  const byIndicator = useMemo(() => {
    const m = new Map<string, StatisticsFinding[]>();
    for (const f of findings) m.set(f.indicator, [...(m.get(f.indicator) ?? []), f]);
    return m;
  }, [findings]);
  const hard = findings.filter((f) => f.severity === 'hard');
  const unexplained = findings.filter((f) => f.severity === 'soft' && !comments[f.key]?.trim());

  // An error on a field no cell shows would otherwise be lost: the error alert lists these.
  const knownFields = new Set([
    ...data.indicators.map((i) => `values.${i.key}`),
    ...findings.filter((f) => f.severity === 'soft').map((f) => `comments.${f.key}`),
  ]);
  const strayFieldErrors = fieldErrors.filter((f) => !knownFields.has(f.field));

  const setValue = (key: string, v: number | null) => {
    setValues((prev) => ({ ...prev, [key]: v }));
    setTouched(true);
    dropFieldErrors((f) => f.field === `values.${key}`);
  };
  const setComment = (key: string, text: string) => {
    setComments((prev) => ({ ...prev, [key]: text }));
    dropFieldErrors((f) => f.field === `comments.${key}`);
  };

  const body = (): StatisticsBody => {
    const v: Values = {};
    for (const i of data.indicators) v[i.key] = values[i.key] ?? null;
    const c: Record<string, string> = {};
    for (const [k, text] of Object.entries(comments)) if (text.trim()) c[k] = text.trim();
    return { values: v, comments: c, ...(report ? { revision: report.revision } : {}) };
  };

  return {
    editable,
    /** What the unit's accepted activities add up to, per indicator. */
    prefill: data.prefill,
    values,
    comments,
    /** Changed since the server's last answer. */
    touched,
    checking,
    byIndicator,
    hard,
    unexplained,
    setValue,
    setComment,
    errorsFor: refusal.errorsFor,
    actionError: refusal.actionError,
    strayFieldErrors,
    conflict: refusal.conflict,
    dismissError: refusal.dismissError,
    clearErrors: refusal.clearErrors,
    save: () => refusal.send(save, body(), t('statistics.saved')),
    saving: save.isPending,
    submit: () => refusal.send(submit, body(), t('statistics.submitDone')),
    submitting: submit.isPending,
  };
}

export type StatisticsEditor = ReturnType<typeof useStatisticsEditor>;
