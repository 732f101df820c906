import crypto from 'node:crypto';
import { solvePow } from '../../src/domain/cases/case.pow';
import type { Client } from './client';

/*
 * A citizen's side of public reporting, as the report page does it: fetch a challenge, solve its
 * proof of work, send the report (JSON, or multipart with photos), keep the receipt.
 */

const sha = (s: string) => new Uint8Array(crypto.createHash('sha256').update(s).digest());

export async function solvedChallenge(c: Client) {
  const r = await c.post('/api/public/report-challenge');
  if (r.status !== 200) throw new Error(`challenge: ${r.status} ${JSON.stringify(r.body)}`);
  const nonce = await solvePow(r.body.challenge, r.body.bits, sha);
  return { challenge: r.body.challenge as string, nonce: String(nonce) };
}

export const reportFacts = (countyId: number, extra: Record<string, unknown> = {}) => ({
  category: 'gas_safety',
  countyId,
  address: '五华区某街道 12 号',
  enterprise: '某燃气经营部',
  occurredOn: '2022-06-08',
  description: '门店内违规存放多个液化石油气钢瓶，无任何消防器材。',
  whistleblower: false,
  ...extra,
});

/** A multipart report: the JSON in field `report` (or `message`) first, then each file in `file`. */
export function multipartForm(jsonField: string, json: unknown, files: { data: Buffer; name: string; type: string }[]) {
  const boundary = `----safemonth${crypto.randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${jsonField}"\r\n\r\n${JSON.stringify(json)}\r\n`),
    ...files.flatMap((f) => [
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
      f.data,
      Buffer.from('\r\n'),
    ]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function submitReport(c: Client, code: string, facts: Record<string, unknown>) {
  const pow = await solvedChallenge(c);
  return c.post(`/api/public/campaigns/${code}/reports`, { ...pow, ...facts });
}
