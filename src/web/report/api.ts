import { msg, type Msg } from './lang';

/*
 * The report pages talk to the public API with fetch (JSON) and XMLHttpRequest (multipart, for
 * its upload progress). No cookie is needed; fetch sends none, so a report never rides on a staff
 * session by accident. XHR always sends same-origin cookies, so when a session exists its CSRF
 * token is echoed as the signed-in app does, or the server would refuse the upload.
 */

export interface FieldProblem {
  /** The body key the server named (category, countyId, file …), without any index. */
  field: string;
  message: Msg;
}

export class ReportApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly text: Msg;
  readonly fields: FieldProblem[];

  constructor(status: number, code: string, text: Msg, fields: FieldProblem[] = []) {
    super(code);
    this.name = 'ReportApiError';
    this.status = status;
    this.code = code;
    this.text = text;
    this.fields = fields;
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
  messageEn?: unknown;
  fields?: unknown;
}

/** `report.address`, `file.2`, `files[0]` → `address`, `file`, `files`. */
export function fieldName(path: string): string {
  const parts = path.split(/[.[\]]/).filter(Boolean);
  const first = parts[0] === 'report' || parts[0] === 'message' || parts[0] === 'body' ? parts[1] ?? parts[0] : parts[0];
  return first ?? path;
}

function fallback(status: number): Msg {
  if (status === 0) return msg('err.network');
  if (status === 413) return msg('err.tooLarge');
  if (status === 415) return msg('err.unsupported');
  if (status === 429) return msg('err.rateLimited');
  if (status === 404) return msg('err.notFound');
  return msg('err.server', { status });
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The server's bilingual error, or our own words when the answer is not ours (a proxy's 413 page). */
export function toError(status: number, text: string): ReportApiError {
  let body: ErrorBody | null = null;
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === 'object') body = parsed as ErrorBody;
  } catch {
    body = null;
  }
  const zhText = str(body?.message);
  const message: Msg = zhText ? { zh: zhText, en: str(body?.messageEn) ?? zhText } : fallback(status);
  const fields: FieldProblem[] = [];
  if (Array.isArray(body?.fields)) {
    for (const f of body.fields as unknown[]) {
      if (!f || typeof f !== 'object') continue;
      const item = f as { field?: unknown; message?: unknown; messageEn?: unknown };
      const field = str(item.field);
      const fzh = str(item.message);
      if (!field || !fzh) continue;
      fields.push({ field: fieldName(field), message: { zh: fzh, en: str(item.messageEn) ?? fzh } });
    }
  }
  return new ReportApiError(status, str(body?.code) ?? `http.${status}`, message, fields);
}

export interface JsonAnswer<T> {
  data: T;
  /** The server's clock when it answered (the Date header), in ms; null when absent. */
  serverTime: number | null;
}

export async function requestJson<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<JsonAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw toError(0, '');
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw toError(res.status, text);
  const date = Date.parse(res.headers.get('date') ?? '');
  try {
    return { data: JSON.parse(text) as T, serverTime: Number.isNaN(date) ? null : date };
  } catch {
    throw toError(res.status === 200 ? 502 : res.status, '');
  }
}

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === 'sm_csrf') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** POSTs a multipart form; `onProgress` gets the share of the body sent, 0 to 1. */
export function postMultipart<T>(url: string, form: FormData, onProgress: (share: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(toError(502, ''));
        }
      } else {
        reject(toError(xhr.status, xhr.responseText));
      }
    };
    // A server that refuses an oversized file mid-upload may just close the connection, which
    // looks like a network failure: the message names both causes.
    xhr.onerror = () =>
      reject(xhr.status ? toError(xhr.status, xhr.responseText) : new ReportApiError(0, 'http.upload_broken', msg('err.uploadBroken')));
    xhr.ontimeout = () => reject(toError(0, ''));
    xhr.send(form);
  });
}
