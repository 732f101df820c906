import { z } from 'zod';
import { isMessageKey, translate, type MessageKey } from './messages';

export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}

/** The one error type a service throws; the error handler turns it into the JSON clients read. */
export class AppError extends Error {
  readonly messageEn: string;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    messageEn: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.messageEn = messageEn;
  }

  toJSON() {
    return {
      statusCode: this.statusCode,
      code: this.code,
      message: this.message,
      messageEn: this.messageEn,
      ...(this.fields.length ? { fields: this.fields } : {}),
    };
  }
}

export function fail(statusCode: number, key: MessageKey, params: Record<string, string | number> = {}, field?: string): AppError {
  const t = translate(key, params);
  const fields = field ? [{ field, message: t.zh, messageEn: t.en }] : [];
  return new AppError(statusCode, key, fields.length ? `${field}：${t.zh}` : t.zh, fields.length ? `${field}: ${t.en}` : t.en, fields);
}

export const notFound = () => fail(404, 'request.not_found');
export const forbidden = () => fail(403, 'request.forbidden');

/** Several field errors found by a service (not by a schema) in one 400 answer. */
export function invalidFields(fields: FieldError[]): AppError {
  const t = translate('request.invalid');
  const first = fields[0];
  return new AppError(
    400,
    'request.invalid',
    first ? `${first.field}：${first.message}` : t.zh,
    first ? `${first.field}: ${first.messageEn}` : t.en,
    fields,
  );
}

export function fieldError(field: string, key: MessageKey, params: Record<string, string | number> = {}): FieldError {
  const t = translate(key, params);
  return { field, message: t.zh, messageEn: t.en };
}

const zhLocale = z.locales.zhCN().localeError;
const enLocale = z.locales.en().localeError;

function pathOf(path: PropertyKey[]): string {
  return path.map(String).join('.') || '(body)';
}

/**
 * Turns a failed Zod parse into field errors in both languages. Zod's own messages
 * come from its zh-CN and en locales; a schema's custom message is a key in our catalogue.
 */
export function zodFieldErrors(schema: z.ZodType, data: unknown, where?: string): FieldError[] | null {
  const zh = schema.safeParse(data, { error: zhLocale });
  if (zh.success) return null;
  const en = schema.safeParse(data, { error: enLocale });
  const enIssues = en.success ? [] : en.error.issues;
  return zh.error.issues.map((issue, i) => {
    const field = (where ? `${where}.` : '') + pathOf(issue.path);
    if (isMessageKey(issue.message)) {
      const t = translate(issue.message);
      return { field, message: t.zh, messageEn: t.en };
    }
    const messageEn = enIssues[i]?.message ?? issue.message;
    // A missing field reads as "必填 / required", not as a type mismatch against undefined.
    if (issue.code === 'invalid_type' && messageEn.endsWith('received undefined')) {
      const t = translate('field.required');
      return { field, message: t.zh, messageEn: t.en };
    }
    return { field, message: issue.message, messageEn };
  });
}

/** Parses or throws a 400 naming every bad field; used for bodies the route schema cannot check (multipart, files). */
export function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, where?: string): z.output<T> {
  refuseNul(data, where);
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw invalidFields(zodFieldErrors(schema, data, where) ?? []);
}

/**
 * An import writes all its rows or none: any row with errors refuses the whole file (422),
 * every error named by its row, e.g. `row 6.values.liaison_mobile`.
 */
export function refuseImportErrors(rows: readonly { row: number; action: string; errors: FieldError[] }[]): void {
  const bad = rows.filter((r) => r.action === 'error');
  if (!bad.length) return;
  const t = translate('import.has_errors', { count: bad.length });
  const fields = bad.flatMap((r) => r.errors.map((x) => ({ ...x, field: `row ${r.row}.${x.field}` })));
  throw new AppError(422, 'import.has_errors', t.zh, t.en, fields);
}

/**
 * The first string (value or key) holding a NUL character, as a field path. PostgreSQL cannot
 * store U+0000 in text and no person types one: such input is refused before it reaches a store.
 */
export function nulPath(data: unknown, path: (string | number)[] = []): string | null {
  if (typeof data === 'string') return data.includes('\u0000') ? path.join('.') || '(body)' : null;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) {
      const p = nulPath(data[i], [...path, i]);
      if (p !== null) return p;
    }
    return null;
  }
  if (data !== null && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (k.includes('\u0000')) return [...path, k.split('\u0000').join('\\0')].join('.');
      const p = nulPath(v, [...path, k]);
      if (p !== null) return p;
    }
  }
  return null;
}

export function refuseNul(data: unknown, where?: string): void {
  const p = nulPath(data);
  if (p !== null) throw invalidFields([fieldError(where ? `${where}.${p}` : p, 'field.nul')]);
}
