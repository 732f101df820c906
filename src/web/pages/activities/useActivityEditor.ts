/*
 * One activity record while the caller fills it in: the form's fields, what it adds to the
 * statistics table (the forms' defaults until the unit types its own figures), and its photos.
 * A new record's photos are uploaded to the media library at once and attached when the record is
 * first saved; an existing record's are attached as they arrive. Save and submit carry the
 * revision the server last answered, so someone else's change is refused, never overwritten.
 */
import { useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App as AntApp, Form } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { defaultContributions } from '../../../domain/activities/activity.rules';
import {
  useAttachMedia,
  useCreateActivity,
  useDetachMedia,
  useSubmitActivity,
  useUpdateActivity,
  type Activity,
  type ActivityAttachment,
  type ActivityBody,
  type Contributions,
} from '../../api/activities';
import { uploadMedia, useDeleteMedia } from '../../api/media';
import { useLang } from '../../i18n';
import type { CampaignDefinition } from '../../api/types';
import { errorMessage } from '../../components/ErrorAlert';

export interface ActivityFormValues {
  unitId?: number;
  category?: string;
  forms?: string[];
  title?: string;
  startsOn?: Dayjs | null;
  endsOn?: Dayjs | null;
  countyCode?: string | null;
  address?: string;
  organiser?: string;
  audience?: string;
  participants?: number | null;
  description?: string;
  links?: string[];
  isPublic?: boolean;
}

/** The unit's own figures per indicator; null: it typed none and the forms' defaults apply. */
export type OwnContributions = Record<string, number | null> | null;

const blankToNull = (s: string | undefined | null) => (s?.trim() ? s.trim() : null);

const sameCounts = (a: Contributions, b: Contributions) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
};

export function bodyOf(v: ActivityFormValues, own: OwnContributions): ActivityBody {
  return {
    category: v.category ?? '',
    forms: v.forms ?? [],
    title: (v.title ?? '').trim(),
    startsOn: v.startsOn?.format('YYYY-MM-DD') ?? '',
    endsOn: (v.endsOn ?? v.startsOn)?.format('YYYY-MM-DD') ?? '',
    countyCode: v.countyCode ?? null,
    address: blankToNull(v.address),
    organiser: blankToNull(v.organiser),
    audience: blankToNull(v.audience),
    participants: v.participants ?? 0,
    description: blankToNull(v.description),
    links: (v.links ?? []).map((l) => l?.trim() ?? '').filter(Boolean),
    ...(own ? { contributions: own } : {}),
    isPublic: v.isPublic ?? false,
  };
}

export function useActivityEditor({
  campaignId,
  def,
  activity,
  defaultUnitId,
}: {
  campaignId: number;
  def: CampaignDefinition;
  activity: Activity | undefined;
  defaultUnitId: number | undefined;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ActivityFormValues>();

  const create = useCreateActivity(campaignId);
  const update = useUpdateActivity(campaignId);
  const submitStep = useSubmitActivity(campaignId);
  const attach = useAttachMedia(campaignId);
  const detach = useDetachMedia(campaignId);
  const deleteMedia = useDeleteMedia();

  const [own, setOwn] = useState<OwnContributions>(() =>
    activity && !sameCounts(activity.contributions, activity.suggestedContributions) ? { ...activity.contributions } : null,
  );
  // Changed by the user since the server's last answer: the fields or the figures.
  const [dirty, setDirty] = useState(false);
  const created = useRef<Activity | null>(null);
  const [pending, setPending] = useState<ActivityAttachment[]>([]);
  const [uploading, setUploading] = useState(0);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const editable = activity ? activity.can.edit : true;

  // What the chosen forms and participants add, as the server will count it when no own figures are sent.
  const category = Form.useWatch('category', form);
  const forms = Form.useWatch('forms', form);
  const participants = Form.useWatch('participants', form);
  const suggested = useMemo(() => {
    const c = def.taskCategories.find((x) => x.key === category);
    const chosen = c?.forms.filter((f) => (forms ?? []).includes(f.key)) ?? [];
    return defaultContributions(chosen, typeof participants === 'number' && participants >= 0 ? participants : 0);
  }, [def, category, forms, participants]);

  const setContribution = (key: string, value: number | null) => {
    setOwn((prev) => ({ ...(prev ?? suggested), [key]: value }));
    setDirty(true);
  };
  const resetContributions = () => {
    setOwn(null);
    setDirty(true);
  };

  const attachments = activity ? activity.attachments : pending;

  const addFiles = async (files: File[]) => {
    const v = form.getFieldsValue();
    const fields = {
      unitId: activity?.unit.id ?? v.unitId ?? defaultUnitId,
      category: activity?.category.key ?? v.category,
      takenOn: v.startsOn?.format('YYYY-MM-DD'),
    };
    setUploading((n) => n + files.length);
    // One at a time, so the photos keep the order they were chosen in.
    for (const file of files) {
      try {
        const item = await uploadMedia(campaignId, file, fields);
        if (activity) {
          await attach.mutateAsync({ id: activity.id, mediaId: item.id });
        } else {
          setPending((p) => [
            ...p,
            { id: item.id, kind: item.kind, originalName: item.originalName, takenOn: item.takenOn, thumbUrl: item.thumbUrl, displayUrl: item.displayUrl },
          ]);
        }
      } catch (e) {
        void message.error(`${file.name}${t('punct.colon')}${errorMessage(e, lang, t('errors.unknown'))}`);
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const removeAttachment = (mediaId: number) => {
    if (activity) {
      detach.mutate({ id: activity.id, mediaId }, { onError: (e) => void message.error(errorMessage(e, lang, t('errors.unknown'))) });
    } else {
      // Uploaded for this record only and never attached: it need not stay in the library.
      setPending((p) => p.filter((a) => a.id !== mediaId));
      deleteMedia.mutate(mediaId);
    }
  };

  /** Writes the record if anything changed; answers the record as the server now has it. */
  const write = async (): Promise<Activity> => {
    const v = await form.validateFields();
    const body = bodyOf(v, own);
    if (!activity) {
      let saved = await create.mutateAsync({ ...body, ...(v.unitId !== undefined ? { unitId: v.unitId } : {}) });
      created.current = saved;
      for (const p of pending) saved = await attach.mutateAsync({ id: saved.id, mediaId: p.id });
      return saved;
    }
    if (!dirty) return activity;
    const saved = await update.mutateAsync({ ...body, id: activity.id, revision: activity.revision });
    setDirty(false);
    return saved;
  };

  const run = async (kind: 'save' | 'submit') => {
    setError(null);
    setBusy(kind);
    try {
      let saved = await write();
      if (kind === 'submit') saved = await submitStep.mutateAsync({ id: saved.id, revision: saved.revision });
      void message.success(t(kind === 'submit' ? 'activities.submitDone' : 'activities.saved'));
      if (!activity) navigate(`/activities/${saved.id}`, { replace: true });
    } catch (e) {
      // A field the form itself rejected has already said so beside the field.
      if (!(e && typeof e === 'object' && 'errorFields' in e)) {
        // The record exists once created: a failure after that continues on its own page, never as a second record.
        if (!activity && created.current) {
          void message.error(errorMessage(e, lang, t('errors.unknown')));
          navigate(`/activities/${created.current.id}`, { replace: true });
        } else {
          setError(e);
        }
      }
    } finally {
      setBusy(null);
    }
  };

  return {
    form,
    /** For the Form's onValuesChange: the user changed a field. */
    touch: () => setDirty(true),
    dirty,
    editable,
    suggested,
    own,
    setContribution,
    resetContributions,
    attachments,
    addFiles,
    removeAttachment,
    uploading: uploading > 0,
    busy,
    error,
    dismissError: () => setError(null),
    save: () => void run('save'),
    submit: () => void run('submit'),
  };
}

export type ActivityEditor = ReturnType<typeof useActivityEditor>;
