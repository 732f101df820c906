import { useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { Named, Text } from './types';

/*
 * What anyone may read without an account: the public campaign page's activities
 * (src/server/features/activities/activity.schema.ts, publicListSchema). Kept apart from
 * ./activities.ts so the public page's chunk carries nothing of the signed-in app.
 */

export interface PublicActivity {
  id: number;
  title: string;
  startsOn: string;
  endsOn: string;
  place: { county: string | null; address: string | null };
  unit: { shortName: string };
  category: Named;
  /** One photo's stripped display copy, or null when the activity has none. */
  photoId: number | null;
  photoUrl: string | null;
}

export interface PublicActivities {
  campaign: { code: string; title: Text; shortTitle: Text; theme: Text; issuer: Text };
  items: PublicActivity[];
  total: number;
  limit: number;
  offset: number;
}

const PAGE_SIZE = 20;

export function usePublicActivities(code: string | undefined) {
  return useInfiniteQuery({
    queryKey: ['public', 'activities', code ?? ''],
    queryFn: ({ pageParam }) =>
      apiFetch<PublicActivities>(`/api/public/campaigns/${encodeURIComponent(code!)}/activities`, {
        query: { limit: PAGE_SIZE, offset: pageParam },
      }),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.items.length < last.total ? last.offset + last.items.length : undefined),
    enabled: code !== undefined,
  });
}
