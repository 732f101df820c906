import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
  raw: LightMyRequestResponse;
}

/**
 * A browser-like caller over app.inject: keeps the cookies the server sets and
 * echoes the CSRF token on state-changing requests, as the web app does.
 */
export class Client {
  private cookies = new Map<string, string>();
  /** Turn off to prove that a request without the CSRF header is refused. */
  sendCsrf = true;

  constructor(private readonly app: FastifyInstance) {}

  get csrf() {
    return this.cookies.get('sm_csrf');
  }

  /** The value of one cookie this client holds. */
  cookie(name: string) {
    return this.cookies.get(name);
  }

  private async send(method: string, url: string, payload?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET' && this.sendCsrf && this.csrf) headers['x-csrf-token'] = this.csrf;
    const raw = await this.app.inject({ method: method as 'GET', url, headers, payload: payload as string | object | undefined });
    for (const c of raw.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = c.value === '' || (c.expires && c.expires.getTime() <= Date.now()) || c.maxAge === 0;
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    let body: unknown = raw.body;
    if (String(raw.headers['content-type'] ?? '').includes('application/json') && raw.body !== '') body = raw.json();
    return { status: raw.statusCode, body, headers: raw.headers, raw };
  }

  get = (url: string) => this.send('GET', url);
  /** Any method, any payload (a string is sent as is), any extra headers. */
  raw = (method: string, url: string, payload?: string | Buffer | object, headers: Record<string, string> = {}) => this.send(method, url, payload, headers);
  post = (url: string, body?: unknown) => this.send('POST', url, body ?? {});
  put = (url: string, body?: unknown) => this.send('PUT', url, body ?? {});
  patch = (url: string, body?: unknown) => this.send('PATCH', url, body ?? {});
  delete = (url: string) => this.send('DELETE', url);

  /** A multipart/form-data upload of one file in field `file`, as a browser sends it. */
  upload(url: string, data: Buffer, filename: string, contentType = 'application/octet-stream') {
    const boundary = `----safemonth${Math.random().toString(16).slice(2)}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.send('POST', url, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  }

  /** A multipart/form-data form of text fields (sent first, as a browser's FormData does) and one file in field `file`. */
  uploadForm(url: string, fields: Record<string, string>, data: Buffer, filename: string, contentType = 'application/octet-stream') {
    const boundary = `----safemonth${Math.random().toString(16).slice(2)}`;
    const texts = Object.entries(fields).map(([name, value]) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    const payload = Buffer.concat([
      ...texts,
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.send('POST', url, payload, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  }

  async login(username: string, password: string) {
    const r = await this.post('/api/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }
}
