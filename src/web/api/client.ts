/*
 * The one way the web app talks to the server: JSON in and out, cookies included, the CSRF
 * token echoed on every state-changing request, and every failure turned into an ApiError that
 * carries the server's bilingual message and the fields it names.
 */

export interface FieldError {
  field: string;
  message: string;
  messageEn: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string;
  readonly fields: FieldError[];

  constructor(init: { status: number; code: string; message: string; messageEn: string; fields?: FieldError[] }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.messageEn = init.messageEn;
    this.fields = init.fields ?? [];
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [k, ...rest] = part.trim().split('=');
    if (k === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface ApiFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

function fallbackError(status: number, text: string): ApiError {
  if (status === 429) {
    return new ApiError({
      status,
      code: 'http.too_many_requests',
      message: '操作过于频繁，请稍后再试',
      messageEn: 'Too many requests, please try again later',
    });
  }
  if (status === 0) {
    return new ApiError({
      status,
      code: 'http.network',
      message: '无法连接服务器，请检查网络',
      messageEn: 'Cannot reach the server, please check the network',
    });
  }
  return new ApiError({
    status,
    code: `http.${status}`,
    message: `请求失败（${status}）${text ? `：${text.slice(0, 200)}` : ''}`,
    messageEn: `Request failed (${status})${text ? `: ${text.slice(0, 200)}` : ''}`,
  });
}

async function toApiError(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<{
      code: string;
      message: string;
      messageEn: string;
      fields: FieldError[];
    }>;
    if (body && typeof body.message === 'string') {
      return new ApiError({
        status: res.status,
        code: body.code ?? `http.${res.status}`,
        message: body.message,
        messageEn: body.messageEn ?? body.message,
        fields: Array.isArray(body.fields) ? body.fields : [],
      });
    }
  } catch {
    /* not JSON: fall through */
  }
  return fallbackError(res.status, text);
}

/** Sends a request; JSON bodies are serialised, FormData is sent as multipart. */
export async function apiFetch<T>(path: string, options: ApiFetchOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (UNSAFE.has(method)) {
    const token = readCookie('sm_csrf');
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: 'include',
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw fallbackError(0, '');
  }
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Downloads a file (e.g. an xlsx template) through the same cookies, and saves it. */
export async function downloadFile(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, { credentials: 'include' });
  if (!res.ok) throw await toApiError(res);
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
