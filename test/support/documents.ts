import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * The Word documents are checked the way a person would see them: Debian's LibreOffice turns
 * them into PDF, poppler's pdftotext reads the text back, pdfinfo counts the pages. Under CI the
 * absence of either is a failure; on a developer's machine the tests that need them are skipped
 * with the reason.
 */

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  return null;
}

export const SOFFICE = process.env.SOFFICE_PATH ?? onPath('soffice');
const PDFTOTEXT = onPath('pdftotext');
const PDFINFO = onPath('pdfinfo');

function documentToolsPresent(): boolean {
  const missing = [!SOFFICE && 'soffice (apt-get install libreoffice-writer-nogui)', !PDFTOTEXT && 'pdftotext (apt-get install poppler-utils)'].filter(Boolean);
  if (!missing.length) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true and missing: ${missing.join(', ')}`);
  console.warn(`[documents] skipped: missing ${missing.join(', ')}`);
  return false;
}

export const documentTools = documentToolsPresent();

/**
 * Converts .docx files to PDF in a temporary folder, with a LibreOffice profile of its own so
 * that two test runs at once (SQLite and PostgreSQL) do not fight over one. Returns each PDF's path.
 */
export async function docxToPdf(files: Record<string, Buffer>): Promise<{ pdfs: Record<string, string>; dispose(): void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-docs-'));
  const inputs = Object.entries(files).map(([name, data]) => {
    const file = path.join(dir, `${name}.docx`);
    fs.writeFileSync(file, data);
    return file;
  });
  const args = [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...inputs];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(SOFFICE!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: dir } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { output += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { output += c.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.on('error', reject);
    child.on('close', (c) => { clearTimeout(timer); resolve({ code: c, output }); });
  });
  const pdfs = Object.fromEntries(Object.keys(files).map((name) => [name, path.join(dir, `${name}.pdf`)]));
  const made = Object.values(pdfs).every((p) => fs.existsSync(p));
  if (code !== 0 || !made) throw new Error(`soffice failed (${code}): ${output}`);
  return { pdfs, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The PDF's text with every space and line break removed: CJK lines wrap wherever the page ends. */
export function pdfText(pdf: string): string {
  const r = spawnSync(PDFTOTEXT!, ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout.replace(/\s+/g, '');
}

/** Pages, from pdfinfo when it is there, else by counting the page objects. */
export function pdfPages(pdf: string): number {
  if (PDFINFO) {
    const r = spawnSync(PDFINFO, [pdf], { encoding: 'utf8' });
    const m = /^Pages:\s+(\d+)/m.exec(r.stdout);
    if (m) return Number(m[1]);
  }
  return (fs.readFileSync(pdf).toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
}
