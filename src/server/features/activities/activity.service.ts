import type { z } from 'zod';
import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import { scopeOf, type Actor } from '../../auth/actor';
import { authorizeRead, authorizeWrite } from '../../auth/authorize';
import { activityPolicy } from '../../auth/policies/activity.policy';
import { mediaPolicy } from '../../auth/policies/media.policy';
import { fail, fieldError, invalidFields, notFound, type AppError, type FieldError } from '../../http/errors';
import type { MessageKey } from '../../http/messages';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';
import type { UnitType } from '../../../domain/orgs/unit-type';
import { daysInMonth } from '../../../domain/time';
import type { StatisticsValues } from '../../../domain/forms/statistics.rules';
import {
  categoryOf, checkActivity, defaultContributions, prefillOf, type ActivityErrorCode,
} from '../../../domain/activities/activity.rules';
import { activityStep, isActivityEditable, type ActivityAction, type ActivityWorkflowError } from '../../../domain/activities/activity.workflow';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { findMedia } from '../media/media.store';
import { recordFulfilment } from '../obligations/obligation.service';
import { findUnit } from '../orgs/unit.store';
import { presentUnitRef } from '../orgs/unit.presenter';
import {
  attachMedia, calendarItems, calendarSpans, campaignIdByCode, countByCategory, countOtherAccepted, countyNames, deleteDraft, detachMedia,
  findActivity, findPublicDisplay, firstPhotos, insertActivity, listAcceptedContributions, listActivities, listAttachments, listPublic,
  listUnitActivities, touchActivity, updateActivity, type ActivityFields, type ActivityRow,
} from './activity.store';
import { categoryRef, presentActivity, presentSummary } from './activity.presenter';
import type {
  calendarQuery, calendarSchema, coverageSchema, createBody, listQuery, publicListSchema, publicQuery, timelineSchema, updateBody,
} from './activity.schema';

const ERROR_KEYS: Record<ActivityErrorCode, MessageKey> = {
  unknown_category: 'activity.unknown_category',
  no_form: 'activity.no_form',
  unknown_form: 'activity.unknown_form',
  duplicate_form: 'activity.duplicate_form',
  invalid_date: 'activity.day',
  outside_period: 'activity.outside_period',
  ends_before_start: 'activity.ends_before_start',
  participants: 'activity.participants',
  link: 'activity.link',
  too_many_links: 'activity.too_many_links',
  unknown_indicator: 'statistics.unknown_indicator',
  not_integer: 'statistics.not_integer',
  negative: 'statistics.negative',
  too_large: 'statistics.too_large',
  not_number: 'statistics.not_number',
  too_many_decimals: 'statistics.too_many_decimals',
};

const WORKFLOW_ERRORS: Record<ActivityWorkflowError, MessageKey> = {
  locked: 'activity.locked',
  not_editable: 'activity.not_editable',
  wrong_state: 'activity.wrong_state',
};

/** A busy June day city-wide has hundreds of activities; a calendar cell shows a few and the count. */
const CALENDAR_ITEMS_PER_DAY = 20;

const workflowError = (e: ActivityWorkflowError): AppError => fail(409, WORKFLOW_ERRORS[e]);

function stepOrThrow(status: ActivityRow['status'] | null, action: ActivityAction) {
  const next = activityStep(status, action);
  if (!next.ok) throw workflowError(next.error);
  return next.status;
}

type Body = z.infer<typeof createBody>;

const fieldsOf = (a: ActivityRow): ActivityFields => ({
  category: a.category, forms: a.forms, title: a.title, startsOn: a.startsOn, endsOn: a.endsOn, countyCode: a.countyCode,
  address: a.address, organiser: a.organiser, audience: a.audience, participants: a.participants, description: a.description,
  links: a.links, contributions: a.contributions, isPublic: a.isPublic,
});

/** Every day (YYYY-MM-DD) from `from` to `to`, inclusive. */
function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

/** The pre-fill of one unit's statistics table: what its accepted activities add up to. */
export async function unitPrefill(db: Queryable, campaignId: number, unitId: number): Promise<StatisticsValues> {
  return prefillOf(await listAcceptedContributions(db, campaignId, unitId));
}

/** Every unit's pre-fill in one read, for the office's list. */
export async function campaignPrefills(db: Queryable, campaignId: number): Promise<Map<number, StatisticsValues>> {
  const byUnit = new Map<number, { status: string; contributions: StatisticsValues }[]>();
  for (const r of await listAcceptedContributions(db, campaignId)) {
    const list = byUnit.get(r.unitId) ?? [];
    list.push(r);
    byUnit.set(r.unitId, list);
  }
  return new Map([...byUnit].map(([unitId, list]) => [unitId, prefillOf(list)]));
}

export function activityService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  async function campaignOf(campaignId: number) {
    const c = await loadCampaignWithObligations(db, campaignId);
    if (!c) throw notFound();
    return c;
  }

  // A definition stored before `forms.activities` existed has none: only the office decides there.
  const parentAccepts = (def: CampaignDefinition, unitType: string) =>
    (def.forms.activities as CampaignDefinition['forms']['activities'] | undefined)?.parentAccepts.includes(unitType as UnitType) ?? false;
  const readRule = (a: Actor, x: ActivityRow) => activityPolicy.read(a, x.unit);
  const writeRule = (a: Actor, x: ActivityRow) => activityPolicy.writeFor(a, x.unit);
  const decideRule = (def: CampaignDefinition) => (a: Actor, x: ActivityRow) =>
    activityPolicy.decideFor(a, { path: x.unit.path, parentAccepts: parentAccepts(def, x.unit.type) });

  /** The activity if it belongs to this campaign and the caller may see it; 404 otherwise, alike. */
  async function activityIn(campaignId: number, activityId: number) {
    const a = await findActivity(db, activityId);
    return a && a.campaignId === campaignId ? a : undefined;
  }

  function suggested(def: CampaignDefinition, a: Pick<ActivityRow, 'category' | 'forms' | 'participants'>) {
    const forms = categoryOf(def, a.category)?.forms.filter((f) => a.forms.includes(f.key)) ?? [];
    return defaultContributions(forms, a.participants);
  }

  async function view(actor: Actor, def: CampaignDefinition, id: number) {
    const a = await findActivity(db, id);
    if (!a) throw notFound();
    const [counties, attachments] = await Promise.all([
      countyNames(db, a.countyCode ? [a.countyCode] : []),
      listAttachments(db, [a.id]),
    ]);
    const mayWrite = activityPolicy.writeFor(actor, a.unit);
    return presentActivity(def, a, {
      counties,
      attachments,
      suggested: suggested(def, a),
      can: {
        edit: mayWrite && isActivityEditable(a.status),
        submit: mayWrite && isActivityEditable(a.status),
        decide: a.status === 'submitted' && decideRule(def)(actor, a),
        delete: mayWrite && a.status === 'draft',
      },
    });
  }

  /** Judges the body against the campaign; the fields to store, with contributions settled. */
  async function settle(def: CampaignDefinition, body: Omit<Body, 'unitId'>): Promise<ActivityFields> {
    const { errors, contributions } = checkActivity(def, body);
    const fields: FieldError[] = errors.map((e) => fieldError(e.field, ERROR_KEYS[e.code], e.params));
    if (body.countyCode && !(await countyNames(db, [body.countyCode])).has(body.countyCode)) {
      fields.push(fieldError('countyCode', 'activity.county_unknown'));
    }
    if (fields.length) throw invalidFields(fields);
    return {
      category: body.category, forms: body.forms, title: body.title, startsOn: body.startsOn, endsOn: body.endsOn,
      countyCode: body.countyCode, address: body.address, organiser: body.organiser, audience: body.audience,
      participants: body.participants, description: body.description, links: body.links, contributions, isPublic: body.isPublic,
    };
  }

  return {
    async list(actor: Actor, campaignId: number, q: z.infer<typeof listQuery>) {
      const def = (await campaignOf(campaignId)).record.definition;
      const unitPath = q.unitId ? authorizeRead(actor, activityPolicy.read, await findUnit(db, q.unitId)).path : undefined;
      const { total, rows } = await listActivities(db, {
        campaignId, scope: scopeOf(actor), unitPath, category: q.category, status: q.status, from: q.from, to: q.to, q: q.q,
      }, { limit: q.limit, offset: q.offset });
      const counties = await countyNames(db, rows.flatMap((r) => (r.countyCode ? [r.countyCode] : [])));
      return { items: rows.map((r) => presentSummary(def, r, counties)), total, limit: q.limit, offset: q.offset };
    },

    async calendar(actor: Actor, campaignId: number, q: z.infer<typeof calendarQuery>): Promise<z.infer<typeof calendarSchema>> {
      const def = (await campaignOf(campaignId)).record.definition;
      const unitPath = q.unitId ? authorizeRead(actor, activityPolicy.read, await findUnit(db, q.unitId)).path : undefined;
      const first = `${q.month}-01`;
      const last = `${q.month}-${String(daysInMonth(Number(q.month.slice(0, 4)), Number(q.month.slice(5, 7)))).padStart(2, '0')}`;
      const f = { campaignId, scope: scopeOf(actor), unitPath, category: q.category, status: q.status, from: first, to: last };
      const spans = await calendarSpans(db, f);
      const counts = new Map<string, number>();
      for (const s of spans) {
        for (const date of daysBetween(s.startsOn > first ? s.startsOn : first, s.endsOn < last ? s.endsOn : last)) {
          counts.set(date, (counts.get(date) ?? 0) + s.n);
        }
      }
      const dates = [...counts.keys()].sort();
      const shown = (r: Awaited<ReturnType<typeof calendarItems>>[number]) => ({
        id: r.id, title: r.title, status: r.status as ActivityRow['status'], category: r.category, unit: { id: r.unit_id, shortName: r.short_name },
      });
      let items: Map<string, ReturnType<typeof shown>[]>;
      if (spans.reduce((n, s) => n + s.n, 0) <= CALENDAR_ITEMS_PER_DAY * dates.length) {
        // No more rows than a read per day would fetch (a county's month): one read of them all.
        items = new Map();
        for (const r of await calendarItems(db, f)) {
          for (const date of daysBetween(r.starts_on > first ? r.starts_on : first, r.ends_on < last ? r.ends_on : last)) {
            const list = items.get(date) ?? [];
            if (list.length < CALENDAR_ITEMS_PER_DAY) list.push(shown(r));
            items.set(date, list);
          }
        }
      } else {
        // The office's month at nation scale is most of a million activities: each day reads its first
        // items only, from the start day where the spans (in start order) say they begin to the one at
        // which enough are under way.
        items = new Map(await Promise.all(dates.map(async (date) => {
          let startsFrom = date;
          let startsTo = date;
          let seen = 0;
          for (const s of spans) {
            if (s.startsOn > date) break;
            if (s.endsOn < date) continue;
            if (!seen) startsFrom = s.startsOn;
            seen += s.n;
            if (seen >= CALENDAR_ITEMS_PER_DAY) {
              startsTo = s.startsOn;
              break;
            }
          }
          const rows = await calendarItems(db, f, { day: date, startsFrom, startsTo, limit: CALENDAR_ITEMS_PER_DAY });
          return [date, rows.map(shown)] as const;
        })));
      }
      const days = dates.map((date) => ({ date, count: counts.get(date)!, items: items.get(date) ?? [] }));
      return {
        month: q.month,
        days,
        milestones: def.milestones
          .filter((m) => m.date.startsWith(`${q.month}-`))
          .map((m) => ({ key: m.key, name: m.name, date: m.date, approximate: m.approximate })),
      };
    },

    async timeline(actor: Actor, campaignId: number, unitId: number): Promise<z.infer<typeof timelineSchema>> {
      const def = (await campaignOf(campaignId)).record.definition;
      const unit = authorizeRead(actor, activityPolicy.read, await findUnit(db, unitId));
      const rows = await listUnitActivities(db, campaignId, unit.id);
      return {
        unit: presentUnitRef(unit),
        periods: def.periods.map((p) => ({ key: p.key, name: p.name, start: p.start, end: p.end })),
        items: rows.map((r) => ({
          id: r.id, title: r.title, category: categoryRef(def, r.category), startsOn: r.starts_on, endsOn: r.ends_on,
          status: r.status as ActivityRow['status'], isPublic: r.is_public === 1,
        })),
      };
    },

    /** Each category the unit's coverage obligation asks for, with its accepted and pending activities. */
    async coverage(actor: Actor, campaignId: number, unitId: number): Promise<z.infer<typeof coverageSchema>> {
      const c = await campaignOf(campaignId);
      const def = c.record.definition;
      const unit = authorizeRead(actor, activityPolicy.read, await findUnit(db, unitId));
      const coverage = c.instances.filter((i) => i.kind === 'coverage');
      const owed = coverage.find((i) => i.unitTypes.includes(unit.type as UnitType));
      const keys = (owed ?? coverage[0])?.categories ?? def.taskCategories.map((t) => t.key);
      const counts = await countByCategory(db, campaignId, unit.id);
      const n = (key: string, status: string) => counts.find((x) => x.category === key && x.status === status)?.n ?? 0;
      const categories = keys.map((key) => {
        const t = def.taskCategories.find((x) => x.key === key);
        return { ...categoryRef(def, key), section: t?.section ?? '', accepted: n(key, 'accepted'), pending: n(key, 'submitted') };
      });
      return {
        unit: presentUnitRef(unit),
        obligation: owed ? { key: owed.baseKey, name: owed.name, due: owed.due.toISOString() } : null,
        categories,
        missing: categories.filter((x) => x.accepted === 0).map((x) => x.key),
      };
    },

    async get(actor: Actor, campaignId: number, activityId: number) {
      const def = (await campaignOf(campaignId)).record.definition;
      const a = authorizeRead(actor, readRule, await activityIn(campaignId, activityId));
      return view(actor, def, a.id);
    },

    async create(actor: Actor, campaignId: number, body: Body) {
      const def = (await campaignOf(campaignId)).record.definition;
      const unit = authorizeWrite(actor, activityPolicy.read, activityPolicy.writeFor, await findUnit(db, body.unitId ?? actor.unitId));
      if (!unit.active) throw fail(409, 'unit.inactive', {}, 'unitId');
      const fields = await settle(def, body);
      const at = now();
      const id = await db.transaction().execute(async (tx) => {
        const newId = await insertActivity(tx, { ...fields, campaignId, unitId: unit.id, createdBy: actor.accountId, at });
        await audit(tx, actor, 'activity.create', { type: 'activity', id: newId }, { after: { campaignId, unitId: unit.id, status: 'draft', ...fields } }, at);
        return newId;
      });
      return view(actor, def, id);
    },

    /** Replaces the record's fields while the unit may still change it, if nobody wrote since it was read. */
    async update(actor: Actor, campaignId: number, activityId: number, body: z.infer<typeof updateBody>) {
      const def = (await campaignOf(campaignId)).record.definition;
      const a = authorizeWrite(actor, readRule, writeRule, await activityIn(campaignId, activityId));
      stepOrThrow(a.status, 'update');
      const fields = await settle(def, body);
      const at = now();
      await db.transaction().execute(async (tx) => {
        const cur = (await findActivity(tx, a.id))!;
        stepOrThrow(cur.status, 'update');
        if (cur.revision !== body.revision || !(await updateActivity(tx, cur.id, cur.revision, { fields, at }))) throw fail(409, 'activity.conflict');
        await audit(tx, actor, 'activity.update', { type: 'activity', id: cur.id }, { before: fieldsOf(cur), after: fields }, at);
      });
      return view(actor, def, a.id);
    },

    async submit(actor: Actor, campaignId: number, activityId: number, revision?: number) {
      const def = (await campaignOf(campaignId)).record.definition;
      const a = authorizeWrite(actor, readRule, writeRule, await activityIn(campaignId, activityId));
      const at = now();
      await db.transaction().execute(async (tx) => {
        const cur = (await findActivity(tx, a.id))!;
        const status = stepOrThrow(cur.status, 'submit')!;
        if (revision !== undefined && revision !== cur.revision) throw fail(409, 'activity.conflict');
        // The campaign may have changed since the draft was saved; what goes to the office must fit it.
        const { errors } = checkActivity(def, cur);
        if (errors.length) throw invalidFields(errors.map((e) => fieldError(e.field, ERROR_KEYS[e.code], e.params)));
        const ok = await updateActivity(tx, cur.id, cur.revision, { status, submittedAt: at.toISOString(), returnComment: null, at });
        if (!ok) throw fail(409, 'activity.conflict');
        await audit(tx, actor, 'activity.submit', { type: 'activity', id: cur.id }, { before: { status: cur.status }, after: { status } }, at);
      });
      return view(actor, def, a.id);
    },

    /**
     * The office (or an approver above the unit, where the campaign says so) accepts or returns a
     * submitted activity. Accepting the unit's first activity of a category records the coverage
     * obligation's fulfilment for that category, in the same transaction, at the moment the unit
     * submitted it: how long the acceptance took is not the unit's lateness.
     */
    async decide(actor: Actor, campaignId: number, activityId: number, action: 'accept' | 'return', comment?: string) {
      const c = await campaignOf(campaignId);
      const def = c.record.definition;
      const a = authorizeWrite(actor, readRule, decideRule(def), await activityIn(campaignId, activityId));
      const at = now();
      await db.transaction().execute(async (tx) => {
        const cur = (await findActivity(tx, a.id))!;
        const status = stepOrThrow(cur.status, action)!;
        const ok = await updateActivity(tx, cur.id, cur.revision, {
          status, decidedAt: at.toISOString(), decidedBy: actor.accountId, at,
          ...(action === 'return' ? { returnComment: comment ?? null } : {}),
        });
        if (!ok) throw fail(409, 'activity.conflict');
        const fulfilled: string[] = [];
        if (action === 'accept') {
          const owed = c.instances.filter((i) =>
            i.kind === 'coverage' && i.unitTypes.includes(cur.unit.type as UnitType) && i.categories?.includes(cur.category));
          if (owed.length && (await countOtherAccepted(tx, campaignId, cur.unit.id, cur.category, cur.id)) === 0) {
            for (const inst of owed) {
              await recordFulfilment(tx, {
                campaignId, unitId: cur.unit.id, obligationKey: inst.baseKey, at: new Date(cur.submittedAt ?? at.toISOString()),
                sourceType: 'activity', sourceId: cur.category, note: `activity ${cur.id}`, recordedBy: actor.accountId,
              }, at);
              fulfilled.push(inst.baseKey);
            }
          }
        }
        await audit(tx, actor, `activity.${action}`, { type: 'activity', id: cur.id }, {
          before: { status: cur.status },
          after: { status, ...(comment ? { comment } : {}), ...(fulfilled.length ? { fulfilled, category: cur.category } : {}) },
        }, at);
      });
      return view(actor, def, a.id);
    },

    async remove(actor: Actor, campaignId: number, activityId: number) {
      const a = authorizeWrite(actor, readRule, writeRule, await activityIn(campaignId, activityId));
      const at = now();
      await db.transaction().execute(async (tx) => {
        const cur = (await findActivity(tx, a.id))!;
        stepOrThrow(cur.status, 'delete');
        if (!(await deleteDraft(tx, cur.id, cur.revision))) throw fail(409, 'activity.conflict');
        await audit(tx, actor, 'activity.delete', { type: 'activity', id: cur.id }, { before: { campaignId, unitId: cur.unit.id, ...fieldsOf(cur) } }, at);
      });
    },

    /**
     * Attaches a media library item: one uploaded for this campaign by the activity's unit or a unit
     * under it, and visible to the caller. Anything else (another county's, another campaign's, a
     * missing item) gets the same refusal, so an id reveals nothing.
     */
    async attach(actor: Actor, campaignId: number, activityId: number, mediaId: number) {
      const def = (await campaignOf(campaignId)).record.definition;
      const a = authorizeWrite(actor, readRule, writeRule, await activityIn(campaignId, activityId));
      const m = await findMedia(db, mediaId);
      if (!m || !mediaPolicy.read(actor, m) || m.campaignId !== campaignId || !m.unit.path.startsWith(a.unit.path)) {
        throw fail(400, 'activity.media_not_allowed', {}, 'mediaId');
      }
      const at = now();
      await db.transaction().execute(async (tx) => {
        const cur = (await findActivity(tx, a.id))!;
        stepOrThrow(cur.status, 'update');
        if (!(await attachMedia(tx, cur.id, m.id))) return;
        if (!(await touchActivity(tx, cur.id, cur.revision, at))) throw fail(409, 'activity.conflict');
        await audit(tx, actor, 'activity.attach', { type: 'activity', id: cur.id }, { after: { mediaId: m.id } }, at);
      });
      return view(actor, def, a.id);
    },

    async detach(actor: Actor, campaignId: number, activityId: number, mediaId: number) {
      const def = (await campaignOf(campaignId)).record.definition;
      const a = authorizeWrite(actor, readRule, writeRule, await activityIn(campaignId, activityId));
      const at = now();
      await db.transaction().execute(async (tx) => {
        const cur = (await findActivity(tx, a.id))!;
        stepOrThrow(cur.status, 'update');
        if (!(await detachMedia(tx, cur.id, mediaId))) throw notFound();
        if (!(await touchActivity(tx, cur.id, cur.revision, at))) throw fail(409, 'activity.conflict');
        await audit(tx, actor, 'activity.detach', { type: 'activity', id: cur.id }, { before: { mediaId } }, at);
      });
      return view(actor, def, a.id);
    },

    /** The public campaign page: accepted activities their units marked public, and nothing about who filed them. */
    async publicList(code: string, q: z.infer<typeof publicQuery>): Promise<z.infer<typeof publicListSchema>> {
      // The page anyone may load: the parsed definition comes from the per-version cache, not from JSON each time.
      const head = await campaignIdByCode(db, code);
      const campaign = head ? (await loadCampaignWithObligations(db, head.id))?.record : undefined;
      if (!campaign) throw notFound();
      const def = campaign.definition;
      const { total, rows } = await listPublic(db, campaign.id, q);
      const [photos, counties] = await Promise.all([
        firstPhotos(db, rows.map((r) => r.id)),
        countyNames(db, rows.flatMap((r) => (r.county_code ? [r.county_code] : []))),
      ]);
      return {
        campaign: { code: campaign.code, title: def.identity.title, shortTitle: def.identity.shortTitle, theme: def.identity.theme, issuer: def.identity.issuer },
        items: rows.map((r) => {
          const photoId = photos.get(r.id) ?? null;
          return {
            id: r.id,
            title: r.title,
            startsOn: r.starts_on,
            endsOn: r.ends_on,
            place: { county: r.county_code ? (counties.get(r.county_code) ?? null) : null, address: r.address },
            unit: { shortName: r.short_name },
            category: categoryRef(def, r.category),
            photoId,
            photoUrl: photoId !== null ? `/api/public/media/${photoId}/display` : null,
          };
        }),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },

    /** The display copy (metadata stripped) of a photo of an accepted public activity; anything else is not found. */
    async publicPhoto(mediaId: number) {
      const m = await findPublicDisplay(db, mediaId);
      if (!m?.display_key) throw notFound();
      return { displayKey: m.display_key, id: m.id };
    },
  };
}

export type ActivityService = ReturnType<typeof activityService>;
