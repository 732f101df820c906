import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, downloadFile } from './client';

/*
 * The media library: photos, videos and documents a unit uploads for a campaign, the gallery,
 * the featured flag, and the originals. The shapes follow the server's Zod contract
 * (src/server/features/media/media.schema.ts).
 */

export const MEDIA_KINDS = ['image', 'video', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface MediaItem {
  id: number;
  campaignId: number;
  unit: { id: number; code: string; name: string; shortName: string };
  kind: MediaKind;
  mime: string;
  /** The sender's file name, for display and for the download's suggested name. */
  originalName: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  category: string | null;
  takenOn: string;
  uploadedAt: string;
  uploadedBy: { id: number; username: string; displayName: string } | null;
  featured: boolean;
  /** Stripped derivatives; null where there is none (videos, documents). */
  thumbUrl: string | null;
  displayUrl: string | null;
  /** The original with its metadata; null for callers who may not download it. */
  originalUrl: string | null;
}

export interface Gallery {
  items: MediaItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface GalleryFilter {
  unitId?: number;
  category?: string;
  kind?: MediaKind;
  from?: string;
  to?: string;
  featured?: 'true' | 'false';
  limit: number;
  offset: number;
}

/** What an upload says about the file besides its bytes; omitted: the caller's unit and today. */
export interface UploadFields {
  unitId?: number;
  category?: string;
  takenOn?: string;
}

export const mediaKeys = {
  all: ['media'] as const,
  gallery: (campaignId: number, f: GalleryFilter) => [...mediaKeys.all, 'gallery', campaignId, f] as const,
};

export function useGallery(campaignId: number | undefined, filter: GalleryFilter) {
  return useQuery({
    queryKey: mediaKeys.gallery(campaignId ?? 0, filter),
    queryFn: () => apiFetch<Gallery>(`/api/campaigns/${campaignId}/media`, { query: { ...filter } }),
    enabled: campaignId !== undefined,
    placeholderData: keepPreviousData,
  });
}

/** One file as multipart `file`, with the unit, task category and day it belongs to. */
export function uploadMedia(campaignId: number, file: File, fields: UploadFields): Promise<MediaItem> {
  const fd = new FormData();
  if (fields.unitId !== undefined) fd.append('unitId', String(fields.unitId));
  if (fields.category) fd.append('category', fields.category);
  if (fields.takenOn) fd.append('takenOn', fields.takenOn);
  fd.append('file', file, file.name);
  return apiFetch<MediaItem>(`/api/campaigns/${campaignId}/media`, { method: 'POST', body: fd });
}

export function useUploadMedia(campaignId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, ...fields }: UploadFields & { file: File }) => uploadMedia(campaignId, file, fields),
    onSuccess: () => qc.invalidateQueries({ queryKey: mediaKeys.all }),
  });
}

export function useFeatureMedia() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, featured }: { id: number; featured: boolean }) =>
      apiFetch<MediaItem>(`/api/media/${id}`, { method: 'PATCH', body: { featured } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: mediaKeys.all }),
  });
}

export function useDeleteMedia() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiFetch<void>(`/api/media/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: mediaKeys.all }),
  });
}

export function downloadOriginal(item: Pick<MediaItem, 'id' | 'originalName'>): Promise<void> {
  return downloadFile(`/api/media/${item.id}/original`, item.originalName);
}
