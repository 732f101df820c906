import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';

/*
 * What the tests and the benchmark of the intake's order of work share: a PNG small on the wire
 * that declares 100 megapixels (decoding it costs seconds), and a multipart request written by hand
 * over a real socket, so a test can send the JSON and the start of a file, leave the rest unsent,
 * and see whether the server answers before the file has arrived.
 */

/** A white PNG of `megapixels` (a square), about 300 KB for 100 MP; takes a few seconds to make. */
export async function hugePng(megapixels = 100): Promise<Buffer> {
  const side = Math.round(Math.sqrt(megapixels * 1_000_000));
  return sharp({ create: { width: side, height: side, channels: 3, background: '#ffffff' } }).png({ compressionLevel: 9 }).toBuffer();
}

export interface FormPart { name: string; value?: string; file?: { data: Buffer; filename: string; type: string } }

/** A multipart body of the parts in order; `boundary` is random unless given. */
export function multipartBody(parts: FormPart[], boundary = `----safemonth${crypto.randomBytes(8).toString('hex')}`) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    if (p.file) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.file.filename}"\r\nContent-Type: ${p.file.type}\r\n\r\n`), p.file.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value ?? ''}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export interface EarlyAnswer { status: number; body: any; bytesSent: number; bodyComplete: boolean }

/**
 * Writes `head` of a body that declares all of `head` and `rest`, and holds `rest` back until the
 * server answers or `holdMs` passes (long: a loaded machine may take seconds to answer; a server that waits for the whole body then gets it, and its
 * late answer shows as `bodyComplete`). Resolves with the first answer.
 */
export function postHoldingRest(port: number, url: string, contentType: string, head: Buffer, rest: Buffer, holdMs = 40_000): Promise<EarlyAnswer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    let wake = () => {};
    const req = http.request({
      host: '127.0.0.1', port, path: url, method: 'POST', agent: false,
      headers: { 'content-type': contentType, 'content-length': head.length + rest.length },
    }, (res) => {
      answered = true;
      wake();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, body, bytesSent, bodyComplete: bytesSent === head.length + rest.length });
        req.destroy();
      });
      res.on('error', reject);
    });
    // The server closing a connection it stopped reading is the expected end of a refusal.
    req.on('error', (e) => { if (!answered) reject(e); });
    req.write(head);
    bytesSent = head.length;
    void (async () => {
      await new Promise<void>((r) => { wake = r; setTimeout(r, holdMs).unref(); });
      if (answered || req.destroyed) return;
      bytesSent += rest.length;
      req.end(rest);
    })();
  });
}

/** Every file under `dir` (recursively), temp files included; none when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}
