import { expect } from 'vitest';
import type { Client } from './client';
import type { TestApp } from './harness';

/** Changes the test campaign's definition as the office would, through the API; anything but 200 fails the test. */
export async function editCampaign(t: TestApp, admin: Client, change: (definition: any) => void): Promise<void> {
  const def = (await admin.get(`/api/campaigns/${t.campaignId}`)).body.definition;
  change(def);
  const r = await admin.put(`/api/campaigns/${t.campaignId}/definition`, { definition: def });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
