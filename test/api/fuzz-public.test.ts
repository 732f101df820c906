import crypto from 'node:crypto';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, startTestApp, type TestApp } from '../support/harness';
import { unitByCode } from '../support/api';
import type { Answer, Client } from '../support/client';
import { solidJpeg } from '../support/files';
import { reportFacts, solvedChallenge, submitReport } from '../support/reports';
import { filesUnder } from '../support/intake';

/*
 * The public doors under generated abuse: multipart bodies built part by part by fast-check (the
 * JSON field first, last, twice or not at all, unknown fields, files under other names, zero-byte
 * files, bytes that are no image, a real photo, too many files, a huge field, JSON that is not JSON
 * or is nested thousands deep), then cut short, given the wrong boundary or none; and JSON bodies
 * nested deep or spread wide. Sent to the report intake, the reporter's messages, the receipt
 * look-up and the challenge. Properties: no answer is a 5xx; every refusal is a 4xx whose message
 * is in Chinese and English; a refusal writes nothing (no case, message or file row, no file in
 * DATA_DIR/media, not even a temp file). Seeded (FUZZ_SEED) and bounded (FUZZ_RUNS per door).
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20220616);
const CODE = 'kunming-2022';
const REPORTS = `/api/public/campaigns/${CODE}/reports`;
const MESSAGES = '/api/public/report-messages';

type Proof = 'solved' | 'made-up' | 'none';
type Part =
  | { kind: 'json'; name: string; content: 'valid' | 'not-json' | 'deep' | 'wide' | 'huge' | 'empty'; proof: Proof }
  | { kind: 'field'; name: string; value: string }
  | { kind: 'file'; name: string; content: 'photo' | 'empty' | 'text' | 'truncated-photo' | 'random'; type: string };
interface Body { parts: Part[]; mangle: 'none' | 'truncate' | 'wrong-boundary' | 'no-boundary' | 'no-closing'; cutAt: number }

const jsonPart = (name: fc.Arbitrary<string>) => fc.record({
  kind: fc.constant('json' as const), name,
  content: fc.constantFrom('valid', 'valid', 'valid', 'not-json', 'deep', 'wide', 'huge', 'empty') as fc.Arbitrary<'valid'>,
  proof: fc.constantFrom<Proof>('solved', 'solved', 'made-up', 'none'),
});
const filePart = fc.record({
  kind: fc.constant('file' as const), name: fc.constantFrom('file', 'file', 'file', 'photo', 'report'),
  content: fc.constantFrom('photo', 'photo', 'empty', 'text', 'truncated-photo', 'random') as fc.Arbitrary<'photo'>,
  type: fc.constantFrom('image/jpeg', 'application/octet-stream', 'text/html'),
});
const fieldPart = fc.record({ kind: fc.constant('field' as const), name: fc.constantFrom('file', 'extra', 'challenge', ''), value: fc.string({ maxLength: 40 }) });

/** A form as the report page sends it: the JSON with a solved proof, then up to two photos. */
const clean = (jsonField: string): fc.Arbitrary<Body> => fc.integer({ min: 0, max: 2 }).map((n) => ({
  parts: [
    { kind: 'json', name: jsonField, content: 'valid', proof: 'solved' } as Part,
    ...Array.from({ length: n }, () => ({ kind: 'file', name: 'file', content: 'photo', type: 'image/jpeg' }) as Part),
  ],
  mangle: 'none', cutAt: 1,
}));

/** A form in every kind of disorder: parts in any order, doubled or missing, then cut or mis-delimited. */
const messy = (jsonField: string): fc.Arbitrary<Body> => fc.record({
  parts: fc.oneof(
    fc.tuple(jsonPart(fc.constant(jsonField)), fc.array(filePart, { maxLength: 3 })).map(([j, f]) => [j, ...f] as Part[]),
    fc.array(fc.oneof(jsonPart(fc.constantFrom(jsonField, jsonField, 'other')), filePart, fieldPart), { maxLength: 5 }),
    fc.tuple(jsonPart(fc.constant(jsonField)), fc.integer({ min: 7, max: 12 }), fc.constantFrom('photo', 'empty'))
      .map(([j, n, content]) => [j, ...Array.from({ length: n }, () => ({ kind: 'file', name: 'file', content, type: 'image/jpeg' }) as Part)]),
  ),
  mangle: fc.constantFrom('none', 'none', 'none', 'truncate', 'wrong-boundary', 'no-boundary', 'no-closing') as fc.Arbitrary<'none'>,
  cutAt: fc.double({ min: 0, max: 1, noNaN: true }),
});

const body = (jsonField: string) => fc.oneof({ arbitrary: clean(jsonField), weight: 1 }, { arbitrary: messy(jsonField), weight: 4 });

/** Deep and wide JSON for bodies and fields. */
const nested = fc.oneof(
  fc.integer({ min: 33, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 33, max: 5_000 }).map((n) => `${'{"a":'.repeat(n)}0${'}'.repeat(n)}`),
  fc.integer({ min: 1_000, max: 20_000 }).map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])))),
  fc.integer({ min: 1_000, max: 50_000 }).map((n) => JSON.stringify(Array.from({ length: n }, () => []))),
);

describeDb('fuzzing the public doors: multipart bodies and nesting', () => {
  let t: TestApp;
  let citizen: Client;
  let wuhuaId: number;
  let receipt: string;
  let photo: Buffer;
  let mediaDir: string;

  const count = async (table: 'cases' | 'case_messages' | 'case_files') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = async () => ({ cases: await count('cases'), messages: await count('case_messages'), files: await count('case_files'), disk: filesUnder(mediaDir) });

  beforeAll(async () => {
    t = await startTestApp({}, { REPORT_POW_BITS: '2', PUBLIC_RATE_PER_MINUTE: '1000000', REPORT_RATE_PER_HOUR: '1000000', REPORT_LOOKUPS_PER_MINUTE: '1000000' });
    t.clock.now = new Date('2022-06-08T10:00:00+08:00');
    citizen = t.client();
    wuhuaId = (await unitByCode(t, '530102')).id;
    mediaDir = path.join(t.config.dataDir, 'media');
    photo = await solidJpeg(320, 240);
    const r = await submitReport(citizen, CODE, reportFacts(wuhuaId));
    expect(r.status).toBe(201);
    receipt = r.body.receipt;
  });

  afterAll(async () => { await t?.close(); });

  async function jsonText(p: Extract<Part, { kind: 'json' }>, door: 'report' | 'message'): Promise<string> {
    if (p.content === 'not-json') return '{"category": ';
    if (p.content === 'empty') return '';
    if (p.content === 'deep') return '['.repeat(5000) + ']'.repeat(5000);
    if (p.content === 'wide') return JSON.stringify(Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, [i]])));
    if (p.content === 'huge') return JSON.stringify({ ...reportFacts(wuhuaId), description: '隐患'.repeat(40_000) });
    if (door === 'message') return JSON.stringify({ receipt: p.proof === 'made-up' ? '0000-0000-0000-0000-0000' : receipt, body: '补充一张照片' });
    const proof = p.proof === 'solved' ? await solvedChallenge(citizen) : p.proof === 'made-up' ? { challenge: 'a.1.b', nonce: '1' } : {};
    return JSON.stringify({ ...proof, ...reportFacts(wuhuaId) });
  }

  function fileBytes(p: Extract<Part, { kind: 'file' }>, random: Buffer): Buffer {
    switch (p.content) {
      case 'photo': return photo;
      case 'empty': return Buffer.alloc(0);
      case 'text': return Buffer.from('<html><script>alert(1)</script></html>');
      case 'truncated-photo': return photo.subarray(0, Math.floor(photo.length / 3));
      default: return random;
    }
  }

  async function encode(b: Body, door: 'report' | 'message') {
    const boundary = `----fuzz${crypto.randomBytes(6).toString('hex')}`;
    const chunks: Buffer[] = [];
    for (const [i, p] of b.parts.entries()) {
      if (p.kind === 'file') {
        const random = crypto.createHash('sha512').update(String(i)).digest();
        chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="f${i}.jpg"\r\nContent-Type: ${p.type}\r\n\r\n`), fileBytes(p, random), Buffer.from('\r\n'));
      } else {
        const value = p.kind === 'json' ? await jsonText(p, door) : p.value;
        chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${value}\r\n`));
      }
    }
    if (b.mangle !== 'no-closing') chunks.push(Buffer.from(`--${boundary}--\r\n`));
    let payload = Buffer.concat(chunks);
    if (b.mangle === 'truncate') payload = payload.subarray(0, Math.floor(payload.length * b.cutAt));
    const type = b.mangle === 'wrong-boundary' ? `multipart/form-data; boundary=----other` : b.mangle === 'no-boundary' ? 'multipart/form-data' : `multipart/form-data; boundary=${boundary}`;
    return { payload, type };
  }

  /** The properties every answer must have; a refusal must also have left everything as it was. */
  async function judge(label: string, r: Answer, before: Awaited<ReturnType<typeof snapshot>>) {
    const what = `${label}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
    expect(r.status, what).toBeLessThan(500);
    const after = await snapshot();
    expect(after.disk.filter((f) => path.basename(f).startsWith('.tmp-')), what).toEqual([]);
    if (r.status < 400) return;
    expect(r.body.code, what).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(r.body.message, what).toMatch(/[\u4e00-\u9fff]/);
    expect(r.body.messageEn, what).toMatch(/^[\x20-\x7e]+$/);
    expect(after, what).toEqual(before);
  }

  for (const door of ['report', 'message'] as const) {
    it(`${door === 'report' ? 'the report intake' : 'reporter messages'}: generated multipart forms answer 2xx or a clean 4xx`, async () => {
      const url = door === 'report' ? REPORTS : MESSAGES;
      const seen = new Map<number, number>();
      await fc.assert(fc.asyncProperty(body(door), async (b) => {
        const before = await snapshot();
        const { payload, type } = await encode(b, door);
        const r = await citizen.raw('POST', url, payload, { 'content-type': type });
        seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
        if (process.env.FUZZ_DEBUG) console.log(r.status, r.body?.code, r.body?.messageEn, b.mangle, b.parts.map((p) => `${p.kind}:${p.name}:${"content" in p ? p.content : ""}:${"proof" in p ? p.proof : ""}`).join(" "));
        await judge(`${door} ${JSON.stringify({ ...b, parts: b.parts.map((p) => ({ ...p })) })}`, r, before);
      }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
      // The generator reaches both sides: some forms go through, most are refused.
      expect([...seen.keys()].some((s) => s >= 200 && s < 300), JSON.stringify([...seen])).toBe(true);
      expect([...seen.keys()].some((s) => s >= 400), JSON.stringify([...seen])).toBe(true);
    }, 120_000);
  }

  it('deep and wide JSON bodies on every public door answer 400 or their normal answer, never 5xx', async () => {
    await fc.assert(fc.asyncProperty(nested, fc.constantFrom(REPORTS, MESSAGES, '/api/public/report-status', '/api/public/report-challenge'), async (text, url) => {
      const before = await snapshot();
      const r = await citizen.raw('POST', url, text, { 'content-type': 'application/json' });
      await judge(`${url} ${text.slice(0, 40)}… (${text.length} chars)`, r, before);
      expect(r.status).toBeGreaterThanOrEqual(400);
      if (/^\[{33}|^(\{"a":){33}/.test(text)) expect(r.body.code).toBe('request.too_deep');
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  }, 120_000);

  it('the receipt look-up and the challenge refuse generated multipart forms with a clean 4xx', async () => {
    await fc.assert(fc.asyncProperty(messy('report'), fc.constantFrom('/api/public/report-status', '/api/public/report-challenge'), async (b, url) => {
      const before = await snapshot();
      const { payload, type } = await encode(b, 'report');
      const r = await citizen.raw('POST', url, payload, { 'content-type': type });
      await judge(`${url} ${b.mangle} ${b.parts.map((p) => p.kind).join(',')}`, r, before);
      expect(r.status).toBeGreaterThanOrEqual(400);
    }), { seed: SEED, numRuns: RUNS, endOnFailure: true });
  }, 120_000);
});
