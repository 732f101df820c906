import type { AppDeps } from '../../context';
import type { Queryable } from '../../db';
import type { Actor } from '../../auth/actor';
import { AppError, fail, notFound } from '../../http/errors';
import { translate } from '../../http/messages';
import type { CampaignDefinition } from '../../../domain/campaign/campaign.schema';
import { parseCampaign } from '../../../domain/campaign/campaign.load';
import { copyCampaignToYear } from '../../../domain/campaign/campaign.copy';
import { audit } from '../audit/audit.service';
import { findUnitByCode, insertUnit, nextSortOrder } from '../orgs/unit.store';
import { unitPaths } from './campaign.scope';
import { reaches } from './campaign.guard';
import { campaignWindow, pickCurrentCampaign } from '../../../domain/campaign/campaign.current';
import { shanghaiDay } from '../../../domain/time';
import { findCampaign, findCampaignByCode, insertCampaign, listCampaigns, setCampaignOrganiser, setCampaignStatus, updateCampaignDefinition, type CampaignRecord } from './campaign.store';
import type { CopyCampaignInput } from './campaign.schema';

export function presentCampaign(c: CampaignRecord) {
  return { id: c.id, code: c.code, year: c.year, status: c.status, createdAt: c.createdAt, updatedAt: c.updatedAt, definition: c.definition as unknown as Record<string, unknown> };
}

/** A definition that fails the domain schema: one 400 listing every path inside the file. */
function validated(input: unknown): CampaignDefinition {
  const r = parseCampaign(input);
  if (r.ok) return r.campaign;
  const fields = r.errors.map((e) => ({ field: e.path, message: e.message, messageEn: e.message }));
  const t = translate('campaign.invalid', { detail: r.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ') });
  return (() => { throw new AppError(400, 'campaign.invalid', t.zh, t.en, fields); })();
}

/**
 * Creates the units a campaign names that the platform does not know yet, parents
 * first; units that exist are left as the office has edited them.
 */
export async function seedUnits(tx: Queryable, def: CampaignDefinition, now: Date): Promise<number> {
  let created = 0;
  const pending = [...def.units];
  while (pending.length) {
    const i = pending.findIndex((u) => !u.parent || !pending.some((p) => p.code === u.parent));
    if (i < 0) break; // the schema refuses cycles; this guards the loop regardless
    const u = pending.splice(i, 1)[0]!;
    if (await findUnitByCode(tx, u.code)) continue;
    const parent = u.parent ? await findUnitByCode(tx, u.parent) : undefined;
    await insertUnit(tx, {
      code: u.code, name: u.name, shortName: u.shortName, type: u.type, parent: parent ?? null,
      sortOrder: await nextSortOrder(tx, parent?.id ?? null), now,
    });
    created++;
  }
  return created;
}

/** The definition's one unit without a parent organises the campaign (the schema checks there is one). */
export async function recordOrganiser(tx: Queryable, campaignId: number, def: CampaignDefinition) {
  const root = def.units.find((u) => !u.parent);
  const unit = root ? await findUnitByCode(tx, root.code) : undefined;
  if (!unit) throw fail(400, 'campaign.organiser_unknown', { code: root?.code ?? '' }, 'units');
  await setCampaignOrganiser(tx, campaignId, unit.id);
}

export function campaignService({ db, now }: Pick<AppDeps, 'db' | 'now'>) {
  async function get(id: number) {
    const c = await findCampaign(db, id);
    if (!c) throw notFound();
    return c;
  }

  return {
    get,

    /** Every campaign with its window; `current` marks the one a visitor naming none is shown. */
    async list(actor?: Pick<Actor, 'unitPath'>) {
      const rows = (await listCampaigns(db)).map((c) => {
        const periods = (JSON.parse(c.definition) as Pick<CampaignDefinition, 'periods'>).periods;
        return { id: c.id, code: c.code, year: c.year, status: c.status, createdAt: c.created_at, title: { zh: c.title_zh, en: c.title_en }, periods, organiserUnitId: c.organiser_unit_id };
      });
      const organisers = await unitPaths(db, rows.map((r) => r.organiserUnitId));
      // A signed-in account lists the campaigns of its own tree only (campaign.guard.ts).
      if (actor) rows.splice(0, rows.length, ...rows.filter((r) => reaches(actor, r.organiserUnitId === null ? undefined : organisers.get(r.organiserUnitId))));
      const depthOf = (id: number | null) => (id === null ? null : (organisers.get(id)?.split('/').filter(Boolean).length ?? null));
      const current = pickCurrentCampaign(rows.map((r) => ({ ...r, organiserDepth: depthOf(r.organiserUnitId) })), shanghaiDay(now()));
      return rows.map(({ periods, organiserUnitId: _organiser, ...c }) => {
        const w = campaignWindow(periods);
        return { ...c, startsOn: w.start, endsOn: w.end, current: c.id === current?.id };
      });
    },

    /** The campaign the public pages show when the address names none. */
    async current() {
      const c = (await this.list()).find((x) => x.current);
      if (!c) throw fail(404, 'report.campaign_unknown');
      return c;
    },

    /** Archived: read-only for everybody (see archive.guard.ts), still listed and viewable. */
    async setArchived(actor: Actor, id: number, archived: boolean) {
      return db.transaction().execute(async (tx) => {
        const before = await findCampaign(tx, id);
        if (!before) throw notFound();
        if (archived && before.status === 'archived') throw fail(409, 'campaign.already_archived');
        if (!archived && before.status !== 'archived') throw fail(409, 'campaign.not_archived');
        const at = now();
        const status = archived ? 'archived' : 'active';
        await setCampaignStatus(tx, id, status, at);
        await audit(tx, actor, archived ? 'campaign.archive' : 'campaign.unarchive', { type: 'campaign', id }, { before: { status: before.status }, after: { status } }, at);
        return (await findCampaign(tx, id))!;
      });
    },

    /** Loads a plan (the reference YAML, or next year's) with its units; refuses a code that exists. */
    async importDefinition(actor: Actor | null, input: unknown) {
      const def = validated(input);
      return db.transaction().execute(async (tx) => {
        if (await findCampaignByCode(tx, def.code)) throw fail(409, 'campaign.exists', { code: def.code }, 'code');
        const at = now();
        const id = await insertCampaign(tx, def, at);
        const unitsCreated = await seedUnits(tx, def, at);
        await recordOrganiser(tx, id, def);
        await audit(tx, actor, 'campaign.import', { type: 'campaign', id }, { after: { code: def.code, unitsCreated } }, at);
        return { campaign: (await findCampaign(tx, id))!, unitsCreated };
      });
    },

    async updateDefinition(actor: Actor, id: number, input: unknown) {
      const def = validated(input);
      return db.transaction().execute(async (tx) => {
        const before = await findCampaign(tx, id);
        if (!before) throw notFound();
        const clash = await findCampaignByCode(tx, def.code);
        if (clash && clash.id !== id) throw fail(409, 'campaign.exists', { code: def.code }, 'definition.code');
        const at = now();
        await updateCampaignDefinition(tx, id, def, at);
        await seedUnits(tx, def, at);
        await recordOrganiser(tx, id, def);
        await audit(tx, actor, 'campaign.update', { type: 'campaign', id }, { before: before.definition, after: def }, at);
        return (await findCampaign(tx, id))!;
      });
    },

    /**
     * "Copy to year 2027": every date shifts by the year difference; the new plan's document number
     * and issue date are the office's (required); the copy stays editable. An archived campaign can
     * be copied: that is how a finished year becomes the next.
     */
    async copy(actor: Actor | null, id: number, input: CopyCampaignInput) {
      const { year, documentNumber, issuedOn } = input;
      const source = await get(id);
      if (source.year === year) throw fail(400, 'campaign.same_year', {}, 'year');
      const def = validated(copyCampaignToYear(source.definition, year, { documentNumber, issuedOn }));
      return db.transaction().execute(async (tx) => {
        if (await findCampaignByCode(tx, def.code)) throw fail(409, 'campaign.exists', { code: def.code }, 'year');
        const at = now();
        const newId = await insertCampaign(tx, def, at);
        await recordOrganiser(tx, newId, def);
        await audit(tx, actor, 'campaign.copy', { type: 'campaign', id: newId }, { after: { from: source.code, to: def.code, year, documentNumber, issuedOn } }, at);
        return (await findCampaign(tx, newId))!;
      });
    },
  };
}

export type CampaignService = ReturnType<typeof campaignService>;
