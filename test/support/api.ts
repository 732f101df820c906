import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { findUnitByCode } from '../../src/server/features/orgs/unit.store';
import type { Answer, Client } from './client';
import type { TestApp } from './harness';

/** A unit that must exist (seeded by the reference campaign or built by a test). */
export async function unitByCode(t: TestApp, code: string) {
  const u = await findUnitByCode(t.db, code);
  if (!u) throw new Error(`no unit ${code}`);
  return u;
}

/** Audit records straight from the table, oldest first, with their JSON parsed. */
export async function auditRows(t: TestApp, where: { action?: string; entityType?: string; entityId?: string | number } = {}) {
  let q = t.db.selectFrom('audit_log').selectAll();
  if (where.action) q = q.where('action', '=', where.action);
  if (where.entityType) q = q.where('entity_type', '=', where.entityType);
  if (where.entityId !== undefined) q = q.where('entity_id', '=', String(where.entityId));
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    ...r,
    before: r.before_json ? JSON.parse(r.before_json) : null,
    after: r.after_json ? JSON.parse(r.after_json) : null,
  }));
}

export async function countRows(t: TestApp, table: 'units' | 'accounts' | 'audit_log' | 'campaigns' | 'obligation_fulfilments' | 'sessions') {
  const r = await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** An import workbook as a clerk fills it: the header row, then one row per unit. */
export async function unitsWorkbook(
  rows: (string | number | null)[][],
  header: string[] = ['单位代码', '单位名称', '简称', '单位类型', '上级单位代码'],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The bilingual error shape every refusal has. */
export function expectError(r: Answer, status: number, code?: string) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  expect(r.body).toMatchObject({ statusCode: status, code: code ?? expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
  expect(r.body.message.length).toBeGreaterThan(0);
  expect(r.body.messageEn.length).toBeGreaterThan(0);
}

/** A 400 (or the given status) naming this field first, with a Chinese and an English message that both start with the field. */
export function expectFieldError(r: Answer, field: string, code = 'request.invalid', status = 400) {
  expectError(r, status, code);
  expect(r.body.fields?.[0]?.field, JSON.stringify(r.body)).toBe(field);
  expect(r.body.message.startsWith(`${field}：`), r.body.message).toBe(true);
  expect(r.body.messageEn.startsWith(`${field}: `), r.body.messageEn).toBe(true);
  expect(r.body.fields[0].message).toMatch(/\S/);
  expect(r.body.fields[0].messageEn).toMatch(/\S/);
}

const huge = 'x'.repeat(300_000);

/** Bodies a fuzzer or a broken client sends: wrong types, huge strings, wrong shapes. */
export const garbageBodies: unknown[] = [
  [1, 2, 3],
  'just a string',
  { code: 123, name: ['x'], type: {}, parentId: 'one', unitId: 'x', roles: 'admin', year: '二〇二七', at: 42, definition: 7 },
  { code: huge, name: huge, username: huge, displayName: huge, password: huge, note: huge, type: huge },
  { parentId: 1e308, unitId: -1, year: 1e308, sortOrder: Number.MAX_SAFE_INTEGER, roles: [huge] },
  { parentId: 99_999_999_999, unitId: 99_999_999_999, roles: ['unit_reporter'], username: 'bigid_user', displayName: 'x', password: 'long-enough-pass', code: 'BIG1', name: 'x', type: 'township' },
  { a: { b: { c: { d: { e: { f: [[[[[[[[[[{}]]]]]]]]]] } } } } } },
];

/** Sends every garbage body and checks none breaks the server: a 4xx in the usual shape each time. */
export async function expectGarbageRefused(c: Client, method: 'post' | 'put' | 'patch', url: string) {
  for (const body of garbageBodies) {
    const r = await c[method](url, body);
    expect(r.status, `${method.toUpperCase()} ${url.slice(0, 80)} ${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(r.body).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(r.status, `${method.toUpperCase()} ${url.slice(0, 80)} ${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(r.body).slice(0, 300)}`).toBeLessThan(500);
    expect(r.body).toMatchObject({ code: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
  }
  // Not JSON at all though it says it is, and a prototype-pollution attempt.
  for (const text of ['{"name": "unterminated', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}']) {
    const raw = await c.raw(method.toUpperCase(), url, text, { 'content-type': 'application/json' });
    expect(raw.status, `${url.slice(0, 80)} ${text} → ${JSON.stringify(raw.body)}`).toBeGreaterThanOrEqual(400);
    expect(raw.status).toBeLessThan(500);
    expect(raw.body).toMatchObject({ code: expect.any(String), message: expect.any(String), messageEn: expect.any(String) });
  }
}
