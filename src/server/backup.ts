import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp, { type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from './config';
import { isPostgresUrl, type DialectName } from './db';
import { DIR_MODE, FILE_MODE } from './file-modes';
import { shanghaiDay } from '../domain/time';

/*
 * `safemonth backup FILE` and `safemonth restore FILE`: one file holding everything the platform
 * cannot make again — the database, the uploaded files its rows point at, and the secrets the
 * data depends on (without DATA_DIR/receipt.key no reporter's receipt opens their case again).
 *
 * The file is a plain POSIX tar (ustar), not compressed as a whole, so `tar -tvf FILE` lists it
 * and a damaged byte stays inside one member: a gzip of the whole would make everything after the
 * bad byte unreadable and could not say which member was hit. Members, in this order:
 *   database/safemonth.db.gz   SQLite: a snapshot by the online backup API, gzipped
 *   database/postgres.dump     PostgreSQL: pg_dump --format=custom (compressed by pg_dump)
 *   secrets/receipt.key        the receipt HMAC key, when it is a file (not RECEIPT_KEY)
 *   secrets/session-secret     DATA_DIR/session-secret, when present (not SESSION_SECRET)
 *   media/originals/<key>, media/derived/<key>
 *   manifest.json              format and version, dialect, when, the app's version, the schema's
 *                              migrations, row counts per table, media counts, and every member's
 *                              size and sha256
 *   manifest.json.sha256       the manifest's own sha256
 * Package zips (DATA_DIR/packages) are left out: they are made again on request.
 *
 * Consistency. The database is copied as one snapshot while the server keeps writing:
 *  - SQLite: better-sqlite3's backup() on a connection of our own to the live file, asked to copy
 *    every page in a single step. One step is one read transaction, so in WAL mode it sees exactly
 *    the last commit before it began and never blocks the server's writer (copied in many small
 *    steps, a write between two steps would restart the copy, forever under a steady load).
 *  - PostgreSQL: a REPEATABLE READ transaction exports its snapshot (pg_export_snapshot) and
 *    pg_dump runs with --snapshot, so the dump and our own reads see the same instant.
 * The files are chosen from that snapshot, not from the folder: the storage keys of its rows
 * (media_items, case_files: storage/thumb/display; typical_case_images: blurred) name exactly the
 * files backed up, so the backup is exactly consistent — every row has its file, and no file
 * without a row in the snapshot is taken. Why every row's file can be found:
 *  - the app renames a file into place before the COMMIT that inserts its row, so a row in the
 *    snapshot had its file on disk before the snapshot began; an upload after the snapshot has no
 *    row in it and its file is left out;
 *  - deletion removes the row (COMMIT) and then the file. Just before the snapshot, every media
 *    file is hard-linked into DATA_DIR/media/.backup-pin-<random>/ (no bytes copied), so a file
 *    deleted while the backup runs is still read through its link; a file gone before the pinning
 *    had its row's deletion committed before the snapshot, so the snapshot does not reference it.
 * What is left — a file uploaded after the pinning and deleted again before it is read, or a file
 * system that cannot link — is caught when a referenced file cannot be opened: the snapshot is
 * taken again (up to three attempts). A file still missing for a row of the newer snapshot was
 * missing before the backup began (a damaged data folder, not a race): it is listed in the
 * manifest's media.missing and named in a warning rather than failing the backup.
 * Media files are never rewritten in place, so each is read once through one descriptor, with
 * the size it had when opened.
 *
 * Restore refuses a target that holds data unless --force; reads the manifest and checks every
 * member's sha256 against it before it writes anything; then writes the database (SQLite: a temp
 * file in DATA_DIR checked with quick_check and the manifest's row counts, stale -wal/-shm
 * removed, renamed into place; PostgreSQL: pg_restore --clean --if-exists --no-owner in a single
 * transaction), then the media files (each through a temp name and a rename), then the secrets.
 * The platform must be stopped while a restore runs; a backup may be taken while it serves.
 */

export const BACKUP_FORMAT = 'safemonth-backup';
export const BACKUP_VERSION = 1;

/** A refusal or a failure the command line reports in one sentence, exit code 1. */
export class BackupError extends Error {}

export interface ManifestMember { name: string; size: number; sha256: string }
export type SecretSource = 'included' | 'environment' | 'absent';

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  dialect: DialectName;
  createdAt: string;
  app: { name: string; version: string };
  /** Applied migrations, in order: the schema the database member has. */
  migrations: string[];
  /** Rows per table at the snapshot's instant. */
  tables: Record<string, number>;
  media: { files: number; bytes: number; missing: string[] };
  secrets: { receiptKey: SecretSource; sessionSecret: SecretSource };
  members: ManifestMember[];
}

export interface BackupSummary { file: string; manifest: Manifest; bytes: number; attempts: number }
export interface RestoreSummary { manifest: Manifest; dataDir: string; target: string; mediaFiles: number; secrets: string[]; rows: number }

type Say = (msg: string) => void;

const SQLITE_MEMBER = 'database/safemonth.db.gz';
const POSTGRES_MEMBER = 'database/postgres.dump';
const RECEIPT_MEMBER = 'secrets/receipt.key';
const SESSION_MEMBER = 'secrets/session-secret';
const MANIFEST = 'manifest.json';
const MANIFEST_SUM = 'manifest.json.sha256';
const MEDIA_MEMBER = /^media\/(originals|derived)\/([A-Za-z0-9][A-Za-z0-9._-]{0,80})$/;
const SNAPSHOT_ATTEMPTS = 3;
const BLOCK = 512;

/** Where a stored key's file lives, as the media library reads it (media.files.ts). */
const KEY_COLUMNS = [
  { table: 'media_items', column: 'storage_key', folder: 'originals' },
  { table: 'media_items', column: 'thumb_key', folder: 'derived' },
  { table: 'media_items', column: 'display_key', folder: 'derived' },
  { table: 'case_files', column: 'storage_key', folder: 'originals' },
  { table: 'case_files', column: 'thumb_key', folder: 'derived' },
  { table: 'case_files', column: 'display_key', folder: 'derived' },
  { table: 'typical_case_images', column: 'blurred_key', folder: 'derived' },
] as const;

const sha256Hex = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

function appInfo(): { name: string; version: string } {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/** The migrations this version of the code knows (db/migrations, one file each). */
function knownMigrations(): Set<string> {
  const dir = path.resolve(import.meta.dirname, 'db/migrations');
  return new Set(fs.readdirSync(dir).filter((f) => /^\d{4}_.+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')));
}

const sqliteFile = (config: Config) => path.join(config.dataDir, 'safemonth.db');

/* ---------------------------------------------------------------- the snapshot */

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

interface Snapshot {
  member: string;
  file: string;
  migrations: string[];
  tables: Record<string, number>;
  /** Media files the snapshot's rows reference, relative to DATA_DIR/media ("originals/<key>"). */
  files: string[];
}

/** Migrations, row counts and referenced files, read in the snapshot itself. */
async function describeSnapshot(query: Query, tableNames: string[]): Promise<Omit<Snapshot, 'member' | 'file'>> {
  const present = new Set(tableNames);
  const tables: Record<string, number> = {};
  for (const t of [...tableNames].sort()) {
    const [row] = await query(`SELECT COUNT(*) AS n FROM "${t}"`);
    tables[t] = Number(row!.n);
  }
  const migrations = present.has('kysely_migration')
    ? (await query('SELECT name FROM kysely_migration ORDER BY name')).map((r) => String(r.name))
    : [];
  const files = new Set<string>();
  for (const k of KEY_COLUMNS) {
    if (!present.has(k.table)) continue;
    for (const r of await query(`SELECT "${k.column}" AS k FROM "${k.table}" WHERE "${k.column}" IS NOT NULL`)) {
      // The app reads a key's own name only (path.basename); so does the backup.
      files.add(`${k.folder}/${path.basename(String(r.k))}`);
    }
  }
  return { migrations, tables, files: [...files].sort() };
}

async function snapshotSqlite(config: Config, tmp: string): Promise<Snapshot> {
  const live = sqliteFile(config);
  if (!fs.existsSync(live)) throw new BackupError(`no database at ${live}: nothing to back up (is DATA_DIR right?)`);
  const raw = path.join(tmp, 'safemonth.db');
  await fsp.rm(raw, { force: true });
  const source = new SQLite(live, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 5000');
    // Every page in one step: one read transaction, one consistent instant (see the note above).
    await source.backup(raw, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const snap = new SQLite(raw);
  let described: Omit<Snapshot, 'member' | 'file'>;
  try {
    // A self-contained file: no -wal beside it, whatever mode the live database was in.
    snap.pragma('journal_mode = DELETE');
    const check = snap.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`the database snapshot fails its check: ${String(check)}`);
    const names = (snap.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]).map((r) => r.name);
    described = await describeSnapshot(async (q) => snap.prepare(q).all() as Record<string, unknown>[], names);
  } finally {
    snap.close();
  }
  const gz = path.join(tmp, 'safemonth.db.gz');
  await pipeline(fs.createReadStream(raw), zlib.createGzip({ level: 6 }), fs.createWriteStream(gz, { mode: 0o600 }));
  await fsp.rm(raw, { force: true });
  return { member: SQLITE_MEMBER, file: gz, ...described };
}

/** A connection URL without its password, and the password for the tools' environment (not their command line). */
function toolTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { dbname: u.toString(), env };
}

/** Runs pg_dump or pg_restore; fails with the tool's own words, or says plainly that it is missing. */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(e.code === 'ENOENT'
        ? new BackupError(`${tool} was not found on PATH: install the PostgreSQL client tools (the server's major version or newer)`)
        : new BackupError(`${tool} could not be started: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stderr.trim());
      else reject(new BackupError(`${tool} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}`));
    });
  });
}

async function snapshotPostgres(url: string, tmp: string): Promise<Snapshot> {
  const file = path.join(tmp, 'postgres.dump');
  await fsp.rm(file, { force: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect().catch((e: Error) => { throw new BackupError(`cannot connect to DATABASE_URL: ${e.message}`); });
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: [exported] } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const { dbname, env } = toolTarget(url);
    const dumped = runTool('pg_dump', ['--format=custom', `--snapshot=${exported!.id}`, `--file=${file}`, `--dbname=${dbname}`], env);
    dumped.catch(() => {}); // awaited below; a failure before then must not go unheard
    // Read in the same snapshot the dump sees, while it runs; the transaction stays open until it ends.
    const query: Query = async (q) => (await client.query(q)).rows as Record<string, unknown>[];
    const names = (await query("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"))
      .map((r) => String(r.name));
    const described = await describeSnapshot(query, names);
    await dumped;
    await client.query('COMMIT');
    return { member: POSTGRES_MEMBER, file, ...described };
  } finally {
    await client.end().catch(() => {});
  }
}

/* ---------------------------------------------------------------- tar */

function octal(b: Buffer, offset: number, length: number, n: number) {
  b.write(`${n.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

function tarHeader(name: string, size: number, mode: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`member name too long for ustar: ${name}`);
  const b = Buffer.alloc(BLOCK);
  b.write(name, 0, 100, 'utf8');
  octal(b, 100, 8, mode);
  octal(b, 108, 8, 0);
  octal(b, 116, 8, 0);
  if (size < 8 ** 11) octal(b, 124, 12, size);
  else {
    // GNU base-256 for members of 8 GiB and more.
    b[124] = 0x80;
    let n = BigInt(size);
    for (let i = 135; i > 124; i--) { b[i] = Number(n & 0xffn); n >>= 8n; }
  }
  octal(b, 136, 12, mtime);
  b.fill(0x20, 148, 156);
  b.write('0', 156, 'latin1');
  b.write('ustar\0', 257, 'latin1');
  b.write('00', 263, 'latin1');
  b.write('safemonth', 265, 'latin1');
  b.write('safemonth', 297, 'latin1');
  let sum = 0;
  for (const x of b) sum += x;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return b;
}

interface TarEntry { name: string; size: number; offset: number }

function parseHeader(b: Buffer, at: number): TarEntry | null {
  if (b.every((x) => x === 0)) return null;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : b[i]!;
  const stored = parseInt(b.toString('latin1', 148, 156).replace(/[\0 ]/g, ''), 8);
  if (sum !== stored) throw new BackupError(`the archive is damaged: the tar header at byte ${at} fails its checksum`);
  const name = b.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  const type = String.fromCharCode(b[156]!);
  if (type !== '0' && type !== '\0') throw new BackupError(`unexpected member ${name} (tar type ${JSON.stringify(type)}): not a safemonth backup`);
  let size: number;
  if (b[124]! & 0x80) {
    let n = 0n;
    for (let i = 125; i < 136; i++) n = (n << 8n) | BigInt(b[i]!);
    size = Number(n);
  } else size = parseInt(b.toString('latin1', 124, 136).replace(/[\0 ]/g, ''), 8);
  if (!Number.isSafeInteger(size) || size < 0) throw new BackupError(`the archive is damaged: member ${name} has no valid size`);
  return { name, size, offset: at + BLOCK };
}

/**
 * Appends members to a tar file, hashing what it writes. Every member carries one modification
 * time, the Shanghai midnight of the day the backup is made: a member dated by its file would keep
 * a reporter's photo's arrival to the second. Restore does not read member times.
 */
class TarWriter {
  private pos = 0;
  readonly members: ManifestMember[] = [];
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private readonly mtime = Math.floor(Date.parse(`${shanghaiDay(new Date())}T00:00:00+08:00`) / 1000);

  constructor(private readonly out: FileHandle) {}

  private async write(b: Buffer) {
    await this.out.write(b, 0, b.length, this.pos);
    this.pos += b.length;
  }

  private async pad(size: number) {
    const rest = size % BLOCK;
    if (rest) await this.write(Buffer.alloc(BLOCK - rest));
  }

  async addBuffer(name: string, data: Buffer, mode = 0o600) {
    await this.write(tarHeader(name, data.length, mode, this.mtime));
    await this.write(data);
    await this.pad(data.length);
    this.members.push({ name, size: data.length, sha256: sha256Hex(data) });
  }

  /** Copies an open file of a known size; the file must not be shorter than that. */
  async addFile(name: string, input: FileHandle, size: number, mode = FILE_MODE) {
    await this.write(tarHeader(name, size, mode, this.mtime));
    const hash = crypto.createHash('sha256');
    let done = 0;
    while (done < size) {
      const { bytesRead } = await input.read(this.buf, 0, Math.min(this.buf.length, size - done), done);
      if (bytesRead === 0) throw new BackupError(`${name} became shorter while it was being copied`);
      const chunk = this.buf.subarray(0, bytesRead);
      hash.update(chunk);
      await this.write(chunk);
      done += bytesRead;
    }
    await this.pad(size);
    this.members.push({ name, size, sha256: hash.digest('hex') });
  }

  async finish() {
    await this.write(Buffer.alloc(BLOCK * 2));
    return this.pos;
  }
}

/** The members of a backup file, each with where its bytes start; checks every header. */
async function indexArchive(file: string): Promise<Map<string, TarEntry>> {
  const fh = await fsp.open(file, 'r').catch((e: NodeJS.ErrnoException) => { throw new BackupError(`cannot read ${file}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`); });
  try {
    const { size: total } = await fh.stat();
    const entries = new Map<string, TarEntry>();
    const header = Buffer.alloc(BLOCK);
    let at = 0;
    for (;;) {
      if (at + BLOCK > total) throw new BackupError(`the archive ends early, at byte ${total}: the backup file is incomplete`);
      await fh.read(header, 0, BLOCK, at);
      const entry = parseHeader(header, at);
      if (!entry) break;
      if (entry.offset + entry.size > total) throw new BackupError(`the archive ends inside ${entry.name}: the backup file is incomplete`);
      if (entries.has(entry.name)) throw new BackupError(`the archive holds ${entry.name} twice: not a safemonth backup`);
      entries.set(entry.name, entry);
      at = entry.offset + Math.ceil(entry.size / BLOCK) * BLOCK;
    }
    return entries;
  } finally {
    await fh.close();
  }
}

/** A member's bytes as a stream. */
const memberStream = (file: string, e: TarEntry): Readable =>
  (e.size === 0 ? Readable.from([]) : fs.createReadStream(file, { start: e.offset, end: e.offset + e.size - 1 }));

async function readMember(file: string, e: TarEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of memberStream(file, e)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Passes bytes through, hashing them; at the end the hash must be the manifest's. */
class Verify extends Transform {
  private readonly hash = crypto.createHash('sha256');
  constructor(private readonly member: ManifestMember) { super(); }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) { this.hash.update(chunk); done(null, chunk); }
  override _flush(done: TransformCallback) {
    done(this.hash.digest('hex') === this.member.sha256 ? null : new BackupError(`${this.member.name}: the backup file changed while it was being restored`));
  }
}

async function hashMember(file: string, e: TarEntry): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const c of memberStream(file, e)) hash.update(c as Buffer);
  return hash.digest('hex');
}

/** Reads and checks the manifest: present, intact, of a format this version reads. */
async function loadManifest(file: string, entries: Map<string, TarEntry>): Promise<Manifest> {
  const m = entries.get(MANIFEST);
  const sum = entries.get(MANIFEST_SUM);
  if (!m || !sum) throw new BackupError(`${file} has no ${m ? MANIFEST_SUM : MANIFEST}: not a safemonth backup, or an incomplete one`);
  const body = await readMember(file, m);
  if (sha256Hex(body) !== (await readMember(file, sum)).toString('utf8').trim()) {
    throw new BackupError(`${MANIFEST}: sha256 mismatch, the backup file is damaged`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(body.toString('utf8')) as Manifest;
  } catch {
    throw new BackupError(`${MANIFEST} is not JSON: the backup file is damaged`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a safemonth backup (format ${String(manifest.format)})`);
  if (manifest.version !== BACKUP_VERSION) throw new BackupError(`backup format version ${manifest.version} is not one this version of safemonth reads (${BACKUP_VERSION})`);
  // Table names are put into the count queries that check a restore: names only, nothing else.
  const bad = Object.keys(manifest.tables ?? {}).find((t) => !/^[a-z_][a-z0-9_]*$/.test(t));
  if (bad !== undefined || !Array.isArray(manifest.members) || !Array.isArray(manifest.migrations)) {
    throw new BackupError(`${MANIFEST} is malformed${bad !== undefined ? ` (table ${JSON.stringify(bad)})` : ''}: not a backup this version made`);
  }
  return manifest;
}

/** The manifest of a backup file (checked against its own sha256), e.g. for a test or an operator's look. */
export async function readBackupManifest(file: string): Promise<Manifest> {
  return loadManifest(file, await indexArchive(file));
}

/* ---------------------------------------------------------------- backup */

/** The secret files the data depends on, and where each comes from. */
function secretsOf(config: Config) {
  const sessionFile = path.join(config.dataDir, 'session-secret');
  return {
    receipt: { member: RECEIPT_MEMBER, file: config.reports.receiptKeyFile, fromEnv: !!config.reports.receiptKey },
    session: { member: SESSION_MEMBER, file: sessionFile, fromEnv: !!config.sessionSecret },
  };
}

async function openIfThere(file: string): Promise<FileHandle | null> {
  try {
    return await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

const PIN_PREFIX = '.backup-pin-';
const pinName = (rel: string) => rel.replace('/', '-');

/**
 * Hard-links every media file into a folder of our own, before the snapshot is taken: a file the
 * app deletes from now on stays readable through its link. A row in the snapshot was committed
 * before the snapshot; its file was in place before that COMMIT, and a deletion removes the row
 * (COMMIT) before the file — so the file is either pinned here or, if it arrived after the pinning,
 * still in its folder unless its row was deleted after the snapshot too (then a new attempt).
 * False when the folder's file system cannot link (then files are read from their folders).
 */
async function pinMedia(mediaDir: string, pinDir: string): Promise<boolean> {
  await fsp.mkdir(pinDir, { mode: 0o700 });
  for (const folder of ['originals', 'derived']) {
    let names: string[];
    try {
      names = await fsp.readdir(path.join(mediaDir, folder));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw e;
    }
    for (const name of names) {
      if (name.startsWith('.tmp-')) continue;
      try {
        await fsp.link(path.join(mediaDir, folder, name), path.join(pinDir, pinName(`${folder}/${name}`)));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // deleted since the listing: its row's deletion is already committed
        if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EMLINK') return false;
        throw e;
      }
    }
  }
  return true;
}

/** Pin folders left by a backup that was killed; a running backup's is younger than a day. */
async function sweepStalePins(mediaDir: string) {
  const names = await fsp.readdir(mediaDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PIN_PREFIX)) continue;
    const dir = path.join(mediaDir, name);
    const st = await fsp.stat(dir).catch(() => null);
    if (st && Date.now() - st.mtimeMs > 24 * 3600_000) await fsp.rm(dir, { recursive: true, force: true });
  }
}

export async function createBackup(config: Config, target: string, say: Say = () => {}): Promise<BackupSummary> {
  const out = path.resolve(target);
  if (!fs.existsSync(path.dirname(out))) throw new BackupError(`the folder ${path.dirname(out)} does not exist`);
  const dialect: DialectName = isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
  if (dialect === 'sqlite' && !fs.existsSync(sqliteFile(config))) {
    throw new BackupError(`no database at ${sqliteFile(config)}: nothing to back up (is DATA_DIR right?)`);
  }
  const mediaDir = config.media.dir;
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'safemonth-backup-'));
  const partial = `${out}.partial-${crypto.randomBytes(4).toString('hex')}`;
  const pinDir = path.join(mediaDir, `${PIN_PREFIX}${crypto.randomBytes(6).toString('hex')}`);
  let missingBefore = new Set<string>();
  try {
    await sweepStalePins(mediaDir);
    for (let attempt = 1; ; attempt++) {
      await fsp.rm(pinDir, { recursive: true, force: true });
      const pinned = fs.existsSync(mediaDir) && await pinMedia(mediaDir, pinDir);
      const snap = dialect === 'postgres' ? await snapshotPostgres(config.databaseUrl!, tmp) : await snapshotSqlite(config, tmp);
      const fh = await fsp.open(partial, 'w', 0o600);
      let raced: string | undefined;
      const missing: string[] = [];
      let mediaBytes = 0;
      let mediaFiles = 0;
      const secretSources = { receiptKey: 'absent' as SecretSource, sessionSecret: 'absent' as SecretSource };
      try {
        const tar = new TarWriter(fh);
        const db = await fsp.open(snap.file, 'r');
        try {
          const st = await db.stat();
          await tar.addFile(snap.member, db, st.size, 0o600);
        } finally {
          await db.close();
        }
        const secrets = secretsOf(config);
        for (const [key, sec] of [['receiptKey', secrets.receipt], ['sessionSecret', secrets.session]] as const) {
          if (sec.fromEnv) { secretSources[key] = 'environment'; continue; }
          const data = await fsp.readFile(sec.file).catch((e: NodeJS.ErrnoException) => { if (e.code === 'ENOENT') return null; throw e; });
          if (!data) continue;
          await tar.addBuffer(sec.member, data, 0o600);
          secretSources[key] = 'included';
        }
        for (const rel of snap.files) {
          const input = (pinned ? await openIfThere(path.join(pinDir, pinName(rel))) : null) ?? await openIfThere(path.join(mediaDir, rel));
          if (!input) {
            // Missing in two snapshots in a row: missing before the backup began, not deleted during it.
            if (missingBefore.has(rel) || attempt === SNAPSHOT_ATTEMPTS) { missing.push(rel); continue; }
            raced = rel;
            break;
          }
          try {
            const st = await input.stat();
            await tar.addFile(`media/${rel}`, input, st.size);
            mediaBytes += st.size;
            mediaFiles++;
          } finally {
            await input.close();
          }
        }
        if (!raced) {
          const manifest: Manifest = {
            format: BACKUP_FORMAT, version: BACKUP_VERSION, dialect, createdAt: new Date().toISOString(), app: appInfo(),
            migrations: snap.migrations, tables: snap.tables, media: { files: mediaFiles, bytes: mediaBytes, missing },
            secrets: secretSources, members: [...tar.members],
          };
          const body = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
          await tar.addBuffer(MANIFEST, body, 0o644);
          await tar.addBuffer(MANIFEST_SUM, Buffer.from(`${sha256Hex(body)}\n`), 0o644);
          const bytes = await tar.finish();
          await fh.sync();
          await fh.close();
          await fsp.rename(partial, out);
          await syncDir(path.dirname(out));
          for (const m of missing) say(`warning: media/${m} is referenced by the database but was missing before the backup began`);
          if (secretSources.receiptKey === 'environment') say('note: the receipt key comes from RECEIPT_KEY and is not in the backup: keep it with the backup');
          if (secretSources.sessionSecret === 'environment') say('note: the session secret comes from SESSION_SECRET and is not in the backup');
          return { file: out, manifest, bytes, attempts: attempt };
        }
      } catch (e) {
        await fh.close().catch(() => {});
        throw e;
      }
      await fh.close().catch(() => {});
      say(`media/${raced} is referenced by the snapshot but is not on disk (deleted since, or lost before): taking a new snapshot (attempt ${attempt + 1} of ${SNAPSHOT_ATTEMPTS})`);
      missingBefore = new Set(snap.files.filter((f) => !fs.existsSync(path.join(mediaDir, f))));
    }
  } finally {
    await fsp.rm(pinDir, { recursive: true, force: true });
    await fsp.rm(partial, { force: true });
    await fsp.rm(tmp, { recursive: true, force: true });
  }
}

async function syncDir(dir: string) {
  const d = await fsp.open(dir, 'r');
  try {
    await d.sync();
  } finally {
    await d.close();
  }
}

/* ---------------------------------------------------------------- restore */

async function filesUnder(dir: string): Promise<string[]> {
  if (!fs.existsSync(dir)) return [];
  const all = await fsp.readdir(dir, { recursive: true, withFileTypes: true });
  return all.filter((d) => !d.isDirectory()).map((d) => path.join(d.parentPath ?? dir, d.name));
}

async function postgresTableCount(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect().catch((e: Error) => { throw new BackupError(`cannot connect to DATABASE_URL: ${e.message}`); });
  try {
    const { rows } = await c.query<{ n: string }>("SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')");
    return Number(rows[0]!.n);
  } finally {
    await c.end().catch(() => {});
  }
}

/** What of the target already holds data: each a phrase for the refusal. */
async function occupied(config: Config, dialect: DialectName): Promise<string[]> {
  const found: string[] = [];
  if (dialect === 'postgres') {
    const n = await postgresTableCount(config.databaseUrl!);
    if (n) found.push(`the PostgreSQL database has ${n} tables`);
  } else {
    for (const f of [sqliteFile(config), `${sqliteFile(config)}-wal`]) if (fs.existsSync(f) && fs.statSync(f).size > 0) found.push(f);
  }
  const media = await filesUnder(config.media.dir);
  if (media.length) found.push(`${config.media.dir} (${media.length} files)`);
  const s = secretsOf(config);
  for (const f of [s.receipt.file, s.session.file]) if (fs.existsSync(f)) found.push(f);
  return found;
}

/** Writes a stream to `final` through a temp name in the same folder, flushed, then renamed. */
async function placeFile(source: Readable, final: string, mode: number, verify: Transform) {
  const temp = path.join(path.dirname(final), `.tmp-${crypto.randomBytes(8).toString('hex')}`);
  try {
    await pipeline(source, verify, fs.createWriteStream(temp, { mode }));
    const fh = await fsp.open(temp, 'r+');
    try { await fh.sync(); } finally { await fh.close(); }
    await fsp.rename(temp, final);
  } catch (e) {
    await fsp.rm(temp, { force: true });
    throw e;
  }
}

export async function restoreBackup(config: Config, source: string, opts: { force?: boolean } = {}, say: Say = () => {}): Promise<RestoreSummary> {
  const file = path.resolve(source);
  const entries = await indexArchive(file);
  const manifest = await loadManifest(file, entries);
  const dialect: DialectName = isPostgresUrl(config.databaseUrl) ? 'postgres' : 'sqlite';
  const target = dialect === 'postgres' ? 'DATABASE_URL' : sqliteFile(config);

  // 1. Refusals that need no reading of the members.
  if (manifest.dialect !== dialect) {
    throw new BackupError(`the backup is of a ${manifest.dialect} database and this platform is set up for ${dialect}${dialect === 'postgres' ? ' (DATABASE_URL)' : ' (no DATABASE_URL)'}`);
  }
  const known = knownMigrations();
  const newer = manifest.migrations.filter((m) => !known.has(m));
  if (newer.length) throw new BackupError(`the backup's schema has migrations this version of safemonth does not know (${newer.join(', ')}): restore it with the version that made it (${manifest.app.version}) or newer`);
  const listed = new Set(manifest.members.map((m) => m.name));
  for (const name of entries.keys()) {
    if (name !== MANIFEST && name !== MANIFEST_SUM && !listed.has(name)) throw new BackupError(`the archive holds ${name}, which its manifest does not list: not a backup this version made, or tampered with`);
  }
  for (const m of manifest.members) {
    const ok = m.name === SQLITE_MEMBER || m.name === POSTGRES_MEMBER || m.name === RECEIPT_MEMBER || m.name === SESSION_MEMBER || MEDIA_MEMBER.test(m.name);
    if (!ok) throw new BackupError(`the manifest lists ${m.name}, which is not a member a backup holds`);
    const e = entries.get(m.name);
    if (!e) throw new BackupError(`${m.name} is listed in the manifest but missing from the archive: the backup file is incomplete`);
    if (e.size !== m.size) throw new BackupError(`${m.name}: size ${e.size} differs from the manifest's ${m.size}, the backup file is damaged`);
  }
  const dbMember = manifest.members.find((m) => m.name === (dialect === 'postgres' ? POSTGRES_MEMBER : SQLITE_MEMBER));
  if (!dbMember) throw new BackupError('the backup holds no database');

  if (!opts.force) {
    const there = await occupied(config, dialect);
    if (there.length) throw new BackupError(`the target is not empty: ${there.join('; ')}. Restoring would replace it: stop the platform and add --force to do so`);
  }

  // 2. Every member's sha256, before anything is written.
  for (const m of manifest.members) {
    if ((await hashMember(file, entries.get(m.name)!)) !== m.sha256) {
      throw new BackupError(`${m.name}: sha256 mismatch, the backup file is damaged; nothing was restored`);
    }
  }
  say(`checked ${manifest.members.length} members of a ${manifest.dialect} backup made ${manifest.createdAt} by ${manifest.app.name} ${manifest.app.version}`);

  // 3. The database.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const rows = Object.values(manifest.tables).reduce((a, b) => a + b, 0);
  const entry = (m: ManifestMember) => entries.get(m.name)!;
  if (dialect === 'sqlite') {
    const live = sqliteFile(config);
    const temp = path.join(config.dataDir, `.tmp-restore-${crypto.randomBytes(6).toString('hex')}.db`);
    try {
      await pipeline(memberStream(file, entry(dbMember)), new Verify(dbMember), zlib.createGunzip(), fs.createWriteStream(temp, { mode: 0o600 }));
      const db = new SQLite(temp, { fileMustExist: true });
      try {
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new BackupError(`the restored database fails its check: ${String(check)}`);
        for (const [t, n] of Object.entries(manifest.tables)) {
          const got = (db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
          if (got !== n) throw new BackupError(`the restored table ${t} has ${got} rows, the manifest says ${n}`);
        }
      } finally {
        db.close();
      }
      const fh = await fsp.open(temp, 'r+');
      try { await fh.sync(); } finally { await fh.close(); }
      // A WAL left beside the old file would be replayed onto the new one.
      for (const suffix of ['-wal', '-shm', '-journal']) await fsp.rm(`${live}${suffix}`, { force: true });
      await fsp.rename(temp, live);
      await syncDir(config.dataDir);
    } finally {
      await fsp.rm(temp, { force: true });
    }
  } else {
    const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'safemonth-restore-'));
    try {
      const dump = path.join(tmp, 'postgres.dump');
      await pipeline(memberStream(file, entry(dbMember)), new Verify(dbMember), fs.createWriteStream(dump, { mode: 0o600 }));
      const { dbname, env } = toolTarget(config.databaseUrl!);
      // One transaction: on any error the database is as it was.
      await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${dbname}`, dump], env);
    } finally {
      await fsp.rm(tmp, { recursive: true, force: true });
    }
    const c = new pg.Client({ connectionString: config.databaseUrl });
    await c.connect();
    try {
      for (const [t, n] of Object.entries(manifest.tables)) {
        const got = Number((await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM "${t}"`)).rows[0]!.n);
        if (got !== n) throw new BackupError(`the restored table ${t} has ${got} rows, the manifest says ${n}`);
      }
    } finally {
      await c.end().catch(() => {});
    }
  }
  say(`database restored: ${Object.keys(manifest.tables).length} tables, ${rows} rows, schema at ${manifest.migrations.at(-1) ?? 'no migration'}`);

  // 4. The media files: the folder becomes exactly the backup's.
  const mediaDir = config.media.dir;
  const folders = ['originals', 'derived'];
  if (opts.force) {
    for (const name of await fsp.readdir(mediaDir).catch(() => [] as string[])) {
      if (name.startsWith(PIN_PREFIX)) await fsp.rm(path.join(mediaDir, name), { recursive: true, force: true });
    }
  }
  for (const f of folders) {
    if (opts.force) await fsp.rm(path.join(mediaDir, f), { recursive: true, force: true });
    await fsp.mkdir(path.join(mediaDir, f), { recursive: true, mode: DIR_MODE });
  }
  let mediaFiles = 0;
  for (const m of manifest.members) {
    const match = MEDIA_MEMBER.exec(m.name);
    if (!match) continue;
    await placeFile(memberStream(file, entry(m)), path.join(mediaDir, match[1]!, match[2]!), FILE_MODE, new Verify(m));
    mediaFiles++;
  }
  for (const f of folders) await syncDir(path.join(mediaDir, f));
  say(`media files restored: ${mediaFiles}${manifest.media.missing.length ? ` (${manifest.media.missing.length} were already missing when the backup was made)` : ''}`);

  // 5. The secrets.
  const secrets: string[] = [];
  const s = secretsOf(config);
  for (const [label, spec] of [['receipt key', s.receipt], ['session secret', s.session]] as const) {
    const m = manifest.members.find((x) => x.name === spec.member);
    if (!m) continue;
    await fsp.mkdir(path.dirname(spec.file), { recursive: true, mode: DIR_MODE });
    await placeFile(memberStream(file, entry(m)), spec.file, 0o600, new Verify(m));
    secrets.push(`${label} → ${spec.file}`);
    if (spec.fromEnv) say(`warning: ${label === 'receipt key' ? 'RECEIPT_KEY' : 'SESSION_SECRET'} is set here and takes precedence over the restored ${spec.file}`);
  }
  if (manifest.secrets.receiptKey === 'environment') {
    say('warning: the backup holds no receipt key (it came from RECEIPT_KEY): set the same RECEIPT_KEY, or no receipt will open its case');
  }
  say(`secrets restored: ${secrets.length ? secrets.join(', ') : 'none'}`);
  return { manifest, dataDir: config.dataDir, target, mediaFiles, secrets, rows };
}
