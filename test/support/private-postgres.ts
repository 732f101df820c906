import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, type Row, type Target } from './server-process';

/*
 * A PostgreSQL cluster of a test's own, for a test that kills the database server with SIGKILL:
 * the shared cluster at 127.0.0.1:5432 serves the other test files meanwhile and must stay up.
 * initdb into a temporary folder (trust authentication), listening on 127.0.0.1 only, on a free
 * port, its socket in that folder; fsync and synchronous_commit on, so that a COMMIT the server
 * acknowledged is in the WAL on disk and crash recovery must bring it back.
 *
 * The postmaster is started as this process's own child rather than daemonised by pg_ctl: after
 * a SIGKILL its exit has to be reaped, and the init of these machines reaps no orphans. A zombie
 * postmaster keeps its PID, and the next start would take the postmaster.pid it left for a live one.
 * As root (CI), initdb and postgres run as the postgres OS user, which PostgreSQL requires.
 */

const DEBIAN_BINARIES = '/usr/lib/postgresql';

export interface PostgresBinaries { initdb: string; postgres: string }

/** initdb and postgres of the newest installed version (Debian's layout), else from PATH. */
export function postgresBinaries(): PostgresBinaries | undefined {
  const versions = fs.existsSync(DEBIAN_BINARIES)
    ? fs.readdirSync(DEBIAN_BINARIES).sort((a, b) => Number(b) - Number(a)).map((v) => path.join(DEBIAN_BINARIES, v, 'bin'))
    : [];
  const dirs = [...versions, ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  const dir = dirs.find((d) => fs.existsSync(path.join(d, 'initdb')) && fs.existsSync(path.join(d, 'postgres')));
  return dir ? { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres') } : undefined;
}

/** Under CI a suite that needs its own cluster must fail when it cannot have one; elsewhere it is skipped, saying why. */
export function privatePostgresAvailable(): boolean {
  if (postgresBinaries()) return true;
  const why = `no initdb under ${DEBIAN_BINARIES}/*/bin or on PATH (apt-get install postgresql)`;
  if (process.env.CI === 'true') throw new Error(`CI=true and ${why}`);
  console.warn(`[private-postgres] skipped: ${why}`);
  return false;
}

/** Whom the cluster runs as: the postgres OS user when we are root, else ourselves. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const entry = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!entry) throw new Error('running as root, and there is no postgres user to run PostgreSQL as');
  const [, , uid, gid] = entry.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function run(cmd: string, args: string[], opts: { cwd: string; owner?: { uid: number; gid: number } }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, ...opts.owner, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${status}:\n${out}`))));
  });
}

/** The process tree under a PID, read from /proc (backends and auxiliary processes are the postmaster's children). */
function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try { stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  for (let queue = [root]; queue.length;) {
    const next = children.get(queue.shift()!) ?? [];
    out.push(...next);
    queue.push(...next);
  }
  return out;
}

/** Gone, or a zombie: a zombie holds no memory, no socket and no lock any more. */
function ended(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function killAll(pids: number[]) {
  for (const pid of pids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  // A connection the server drops (a crash) is an 'error' event; unheard, it would end the test process.
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/DATABASE: the app's DATABASE_URL. */
  url: string;
  dir: string;
  /** Starts the postmaster and waits until it accepts connections (after a crash: until WAL recovery is done). */
  start(): Promise<void>;
  /**
   * SIGKILL to the postmaster and every process of the cluster, as a power cut would leave it.
   * The kills are sent before this returns its promise; the promise settles once all are dead.
   */
  crash(): Promise<void>;
  /** A fast shutdown, then the folder is removed; safe to call twice, and after a failed start. */
  stop(): Promise<void>;
  /** What the server wrote to its log, for a failure message. */
  log(): string;
}

/** Every cluster started here and not yet stopped: a failed test must not leave one running. */
const live = new Set<() => void>();
process.once('exit', () => {
  for (const end of live) end();
});

/** initdb, start, and an empty database for the app. */
export async function startPrivatePostgres(database = 'safemonth'): Promise<PrivatePostgres> {
  const bins = postgresBinaries();
  if (!bins) throw new Error('no PostgreSQL binaries (see privatePostgresAvailable)');
  const owner = clusterOwner();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  let postmaster: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const port = await freePort();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const log = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');

  const killFamily = () => {
    const pid = postmaster?.pid;
    if (pid === undefined || postmaster?.exitCode !== null || postmaster.signalCode !== null) return [];
    // Stopped, the postmaster forks no new backend while its children are gathered.
    try { process.kill(pid, 'SIGSTOP'); } catch { /* already gone */ }
    const family = [pid, ...descendantsOf(pid)];
    killAll(family);
    return family;
  };
  const removeNow = () => {
    killFamily();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  live.add(removeNow);

  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    dir,
    log,

    async start() {
      const out = fs.openSync(logFile, 'a');
      const child = spawn(bins.postgres, ['-D', dataDir], { cwd: dir, ...owner, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      postmaster = child;
      exited = new Promise((resolve) => child.once('exit', () => resolve()));
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited (${child.exitCode ?? child.signalCode}):\n${log().slice(-3000)}`);
        try {
          await withClient(adminUrl, (c) => c.query('SELECT 1'));
          return;
        } catch { /* starting, or replaying the WAL */ }
        if (Date.now() > deadline) throw new Error(`postgres did not accept connections in 60 s:\n${log().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },

    async crash() {
      const family = killFamily();
      if (!family.length) throw new Error('crash(): the cluster is not running');
      await exited;
      for (const deadline = Date.now() + 10_000; !family.every(ended);) {
        if (Date.now() > deadline) throw new Error(`processes of the cluster outlived SIGKILL: ${family.filter((p) => !ended(p)).join(' ')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      postmaster = undefined;
    },

    async stop() {
      if (postmaster && postmaster.exitCode === null && postmaster.signalCode === null) {
        postmaster.kill('SIGINT');
        const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 20_000))]);
        if (timedOut) await cluster.crash();
      }
      postmaster = undefined;
      live.delete(removeNow);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    // initdb's own files need not be synced: a killed process loses nothing from the page cache.
    // What the test puts at stake is what the server commits afterwards, under fsync=on.
    await run(bins.initdb, ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'], { cwd: dir, owner });
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), [
      '',
      "listen_addresses = '127.0.0.1'",
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = on',
      'synchronous_commit = on',
      'full_page_writes = on',
      // Small and quiet: the machine runs the app, the load and the other test files beside it.
      'shared_buffers = 32MB',
      'max_connections = 40',
      '',
    ].join('\n'));
    await cluster.start();
    await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${database}`));
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

/** The app's data folder and its database on the private cluster; raw SQL through a connection of its own per call, which outlives a crash. */
export function privateTarget(cluster: PrivatePostgres): Target {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'safemonth-proc-'));
  return {
    dataDir,
    url: cluster.url,
    env: { DATA_DIR: dataDir, DATABASE_URL: cluster.url },
    query: (q) => withClient(cluster.url, async (c) => (await c.query<Row>(q)).rows),
    drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

export interface ClusterCheck {
  /** amcheck was installed in the contrib of this server, and ran. */
  amcheck: boolean;
  btreeIndexes: number;
  heapTables: number;
  foreignKeys: number;
  problems: string[];
}

/**
 * The server's own consistency, at rest: every btree index of the public schema against its table
 * (amcheck's bt_index_check with heapallindexed: each heap tuple has its index entry), every table's
 * heap pages (verify_heapam), and every foreign key re-checked by a query (no child row whose parent is
 * missing), as SQLite's foreign_key_check does.
 */
export async function checkCluster(url: string): Promise<ClusterCheck> {
  return withClient(url, async (c) => {
    const problems: string[] = [];
    const amcheck = (await c.query("SELECT 1 FROM pg_available_extensions WHERE name = 'amcheck'")).rowCount === 1;
    let btreeIndexes = 0;
    let heapTables = 0;
    if (amcheck) {
      await c.query('CREATE EXTENSION IF NOT EXISTS amcheck');
      const indexes = await c.query<{ name: string }>(`
        SELECT c.oid::regclass::text AS name FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND am.amname = 'btree' AND i.indisvalid AND c.relpersistence <> 't' ORDER BY 1`);
      for (const { name } of indexes.rows) {
        try {
          await c.query('SELECT bt_index_check($1::regclass, true)', [name]);
        } catch (e) {
          problems.push(`index ${name}: ${(e as Error).message}`);
        }
        btreeIndexes++;
      }
      const tables = await c.query<{ name: string }>(`
        SELECT c.oid::regclass::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`);
      for (const { name } of tables.rows) {
        const bad = await c.query('SELECT blkno, offnum, msg FROM verify_heapam($1::regclass)', [name]);
        for (const r of bad.rows) problems.push(`table ${name} block ${r.blkno} item ${r.offnum}: ${r.msg}`);
        heapTables++;
      }
    }
    const keys = await c.query<{ name: string; child: string; parent: string; child_cols: string[]; parent_cols: string[] }>(`
      SELECT con.conname AS name, con.conrelid::regclass::text AS child, con.confrelid::regclass::text AS parent,
        ARRAY(SELECT quote_ident(a.attname) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS child_cols,
        ARRAY(SELECT quote_ident(a.attname) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS parent_cols
      FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.contype = 'f' AND n.nspname = 'public' ORDER BY 1`);
    for (const k of keys.rows) {
      // MATCH SIMPLE: a key with a NULL column references nothing.
      const set = k.child_cols.map((col) => `c.${col} IS NOT NULL`).join(' AND ');
      const join = k.child_cols.map((col, i) => `p.${k.parent_cols[i]} = c.${col}`).join(' AND ');
      const orphans = await c.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${k.child} c WHERE ${set} AND NOT EXISTS (SELECT 1 FROM ${k.parent} p WHERE ${join})`);
      if (Number(orphans.rows[0]!.n) > 0) problems.push(`foreign key ${k.name}: ${orphans.rows[0]!.n} rows of ${k.child} without their ${k.parent}`);
    }
    return { amcheck, btreeIndexes, heapTables, foreignKeys: keys.rows.length, problems };
  });
}
