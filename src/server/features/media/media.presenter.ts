import type { z } from 'zod';
import type { MediaRow } from './media.store';
import type { mediaItemSchema } from './media.schema';

/** What leaves the server about one item; the original's address only for those who may fetch it. */
export function presentMedia(m: MediaRow, mayDownloadOriginal: boolean): z.infer<typeof mediaItemSchema> {
  const url = `/api/media/${m.id}`;
  return {
    id: m.id,
    campaignId: m.campaignId,
    unit: { id: m.unit.id, code: m.unit.code, name: m.unit.name, shortName: m.unit.shortName },
    kind: m.kind,
    mime: m.mime,
    originalName: m.originalName,
    size: m.size,
    sha256: m.sha256,
    width: m.width,
    height: m.height,
    category: m.category,
    takenOn: m.takenOn,
    uploadedAt: m.createdAt,
    uploadedBy: m.uploadedBy,
    featured: m.featured,
    thumbUrl: m.thumbKey ? `${url}/thumb` : null,
    displayUrl: m.displayKey ? `${url}/display` : null,
    originalUrl: mayDownloadOriginal ? `${url}/original` : null,
  };
}
