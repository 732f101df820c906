import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';

/**
 * What the test clients know of second factors: the secret each account enrolled with (by user
 * name), and a way to let the next sign-in reuse the current time step. Tests sign one account in
 * many times within 30 seconds, which the server's replay rule (tested on its own in
 * two-factor.test.ts) would rightly refuse.
 */
export interface TwoFactorKeys {
  secrets: Map<string, string>;
  allowReuse(username: string): Promise<void>;
}

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

  constructor(private readonly app: FastifyInstance, private readonly keys?: TwoFactorKeys) {}

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

  /**
   * Signs in as a person does: the password, then (two-factor on) a code computed from the secret
   * the account enrolled with; an account that must enrol first enrols at once, so the client ends
   * with a full session either way.
   */
  async login(username: string, password: string) {
    let r = await this.post('/api/auth/login', { username, password });
    if (r.status === 200 && r.body.pendingToken) {
      const secret = this.keys?.secrets.get(username);
      if (!secret) throw new Error(`login ${username}: two-factor is on, but this test never enrolled it`);
      await this.keys!.allowReuse(username);
      r = await this.post('/api/auth/login/code', { pendingToken: r.body.pendingToken, code: await generate({ secret }) });
    }
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.account.restriction === 'two_factor_enrolment' && this.keys) await this.enrolTwoFactor(username);
    return this;
  }

  /** Sets up two-factor for the signed-in account with a code computed here; returns its recovery codes. */
  async enrolTwoFactor(username: string): Promise<string[]> {
    const setup = await this.post('/api/auth/two-factor/setup');
    if (setup.status !== 200) throw new Error(`two-factor setup ${username}: ${setup.status} ${JSON.stringify(setup.body)}`);
    const enabled = await this.post('/api/auth/two-factor/enable', { code: await generate({ secret: setup.body.secret }) });
    if (enabled.status !== 200) throw new Error(`two-factor enable ${username}: ${enabled.status} ${JSON.stringify(enabled.body)}`);
    this.keys?.secrets.set(username, setup.body.secret);
    return enabled.body.recoveryCodes;
  }
}
