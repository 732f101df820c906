import fsp from 'node:fs/promises';
import type { z } from 'zod';
import type { AppDeps } from '../../context';
import { scopeOf, type Actor } from '../../auth/actor';
import { authorizeRead, authorizeWrite } from '../../auth/authorize';
import { mediaPolicy } from '../../auth/policies/media.policy';
import { fail, notFound, parseOrThrow } from '../../http/errors';
import type { StreamedUpload } from '../../http/upload';
import { shanghaiDay } from '../../../domain/time';
import { audit } from '../audit/audit.service';
import { loadCampaignWithObligations } from '../campaigns/campaign.cache';
import { findUnit } from '../orgs/unit.store';
import { isAttachedToAccepted } from '../activities/activity.store';
import type { ImageDerivatives, MediaFiles, ReceivedFile, StoredKeys } from './media.files';
import { deleteMedia, findMedia, insertMedia, listMedia, setFeatured, type MediaRow } from './media.store';
import { presentMedia } from './media.presenter';
import { uploadFields, type galleryQuery } from './media.schema';

export type MediaVariant = 'thumb' | 'display' | 'original';

const MAX_NAME_LENGTH = 200;

/**
 * The sender's file name made fit to show: no folders (busboy already drops them, a backslash
 * path from Windows it does not), no control or bidirectional-override characters that would
 * make "gpj.exe" read as "exe.jpg", and not longer than a list can show.
 */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? '').normalize('NFC').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is being removed
  const cleaned = base.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().replace(/^\.+/, '');
  if (!cleaned) return 'file';
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
}

const EXT_ALIASES: Record<string, string> = { jpeg: 'jpg', jpe: 'jpg', qt: 'mov' };

/** The name a download suggests: the sender's name, with the extension of what the file really is. */
export function downloadName(m: Pick<MediaRow, 'originalName' | 'storageKey'>, variant: MediaVariant): string {
  const dot = m.originalName.lastIndexOf('.');
  const stem = dot > 0 ? m.originalName.slice(0, dot) : m.originalName;
  const given = dot > 0 ? m.originalName.slice(dot + 1).toLowerCase() : '';
  if (variant !== 'original') return `${stem}-${variant}.jpg`;
  const real = m.storageKey.slice(m.storageKey.lastIndexOf('.') + 1);
  return (EXT_ALIASES[given] ?? given) === real ? m.originalName : `${m.originalName}.${real}`;
}

/** Form fields a browser sends empty (an unselected category) are fields not given. */
const withoutBlanks = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v.trim() !== ''));

export function mediaService({ db, now, log }: Pick<AppDeps, 'db' | 'now' | 'log'>, files: MediaFiles) {
  async function campaignOf(campaignId: number) {
    const c = await loadCampaignWithObligations(db, campaignId);
    if (!c) throw notFound();
    return c.record;
  }

  const present = (actor: Actor, m: MediaRow) => presentMedia(m, mediaPolicy.readOriginal(actor));

  async function visibleItem(actor: Actor, mediaId: number) {
    return authorizeRead(actor, mediaPolicy.read, await findMedia(db, mediaId));
  }

  return {
    /** Checked before the upload's body is read: a missing campaign costs no bytes on disk. */
    async checkCampaign(campaignId: number) {
      await campaignOf(campaignId);
    },

    /**
     * Files an uploaded file (already on disk under a temp name) as a media item. The row and its
     * audit record are written in one transaction, and the files are renamed into place as its
     * last step: a refusal or a failure at any point before the commit removes every file this
     * upload made, and a committed row always has its files.
     */
    async upload(actor: Actor, campaignId: number, form: StreamedUpload<ReceivedFile>) {
      const received = form.file;
      let derivatives: ImageDerivatives | null = null;
      let keys: StoredKeys | undefined;
      let id: number;
      try {
        const campaign = await campaignOf(campaignId);
        const fields = parseOrThrow(uploadFields, withoutBlanks(form.fields));
        const unit = authorizeWrite(actor, mediaPolicy.readUnit, mediaPolicy.uploadFor, await findUnit(db, fields.unitId ?? actor.unitId));
        if (!unit.active) throw fail(409, 'unit.inactive', {}, 'unitId');
        if (fields.category && !campaign.definition.taskCategories.some((t) => t.key === fields.category)) {
          throw fail(400, 'media.category_unknown', {}, 'category');
        }
        if (received.kind === 'image') derivatives = await files.deriveImage(received);
        const at = now();
        const stored = files.keysFor(received, derivatives);
        const item = {
          campaignId, unitId: unit.id, kind: received.kind, mime: received.mime, originalName: cleanFileName(form.filename),
          size: received.size, sha256: received.sha256, width: derivatives?.width ?? null, height: derivatives?.height ?? null,
          category: fields.category ?? null, takenOn: fields.takenOn ?? shanghaiDay(at),
        };
        id = await db.transaction().execute(async (tx) => {
          const newId = await insertMedia(tx, { ...item, ...stored, uploadedBy: actor.accountId, at });
          await audit(tx, actor, 'media.upload', { type: 'media_item', id: newId }, { after: { ...item, storageKey: stored.storageKey } }, at);
          keys = stored;
          await files.place(received, derivatives, stored);
          return newId;
        });
      } catch (e) {
        await files.discard(received, derivatives, keys);
        throw e;
      }
      return present(actor, (await findMedia(db, id))!);
    },

    async list(actor: Actor, campaignId: number, q: z.infer<typeof galleryQuery>) {
      await campaignOf(campaignId);
      const unitPath = q.unitId ? authorizeRead(actor, mediaPolicy.readUnit, await findUnit(db, q.unitId)).path : undefined;
      const { total, rows } = await listMedia(db, {
        campaignId, scope: scopeOf(actor), unitPath, category: q.category, kind: q.kind, from: q.from, to: q.to,
        featured: q.featured === undefined ? undefined : q.featured === 'true',
      }, { limit: q.limit, offset: q.offset });
      return { items: rows.map((r) => present(actor, r)), total, limit: q.limit, offset: q.offset };
    },

    async get(actor: Actor, mediaId: number) {
      return present(actor, await visibleItem(actor, mediaId));
    },

    /** The file behind one variant of an item, for a caller who may see it. */
    async file(actor: Actor, mediaId: number, variant: MediaVariant) {
      const m = await visibleItem(actor, mediaId);
      const key = variant === 'original' ? m.storageKey : variant === 'thumb' ? m.thumbKey : m.displayKey;
      if (!key) throw notFound();
      const path = variant === 'original' ? files.originalPath(key) : files.derivedPath(key);
      // A row whose file is gone is a fault of the server, answered as one (500, logged), not as "not found".
      const { size } = await fsp.stat(path);
      return {
        path, size,
        mime: variant === 'original' ? m.mime : 'image/jpeg',
        filename: downloadName(m, variant),
        // Originals and documents are downloaded, never rendered in the platform's own origin.
        attachment: variant === 'original',
      };
    },

    async feature(actor: Actor, mediaId: number, featured: boolean) {
      const m = await visibleItem(actor, mediaId);
      if (m.featured === featured) return present(actor, m);
      const at = now();
      await db.transaction().execute(async (tx) => {
        await setFeatured(tx, m.id, featured, at);
        await audit(tx, actor, 'media.feature', { type: 'media_item', id: m.id }, { before: { featured: m.featured }, after: { featured } }, at);
      });
      return present(actor, (await findMedia(db, m.id))!);
    },

    /**
     * Deletes the row (with its audit record) first and the files after: should removing a file
     * fail, what is left is an unreferenced file, never an item whose picture is missing.
     */
    async remove(actor: Actor, mediaId: number) {
      const m = authorizeWrite(actor, mediaPolicy.read, mediaPolicy.removeItem, await findMedia(db, mediaId));
      const mayRemoveFeatured = mediaPolicy.removeFeatured(actor);
      if (m.featured && !mayRemoveFeatured) throw fail(409, 'media.featured_locked');
      const at = now();
      await db.transaction().execute(async (tx) => {
        // An accepted activity is locked, its photos with it; a draft's link simply goes with the item.
        if (await isAttachedToAccepted(tx, m.id)) throw fail(409, 'activity.media_locked');
        if (!(await deleteMedia(tx, m.id, { unlessFeatured: !mayRemoveFeatured }))) {
          // Featured by the office, or deleted by someone else, since it was read.
          throw (await findMedia(tx, m.id)) ? fail(409, 'media.featured_locked') : notFound();
        }
        await audit(tx, actor, 'media.delete', { type: 'media_item', id: m.id }, {
          before: {
            campaignId: m.campaignId, unitId: m.unit.id, kind: m.kind, mime: m.mime, originalName: m.originalName, size: m.size,
            sha256: m.sha256, category: m.category, takenOn: m.takenOn, featured: m.featured, storageKey: m.storageKey,
          },
        }, at);
      });
      await files.discard(null, null, { storageKey: m.storageKey, thumbKey: m.thumbKey, displayKey: m.displayKey })
        .catch((err: unknown) => log?.error({ err, mediaId: m.id }, 'media files left after delete'));
    },
  };
}

export type MediaService = ReturnType<typeof mediaService>;
