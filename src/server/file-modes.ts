import fs from 'node:fs';
import path from 'node:path';

/*
 * Everything under DATA_DIR is the platform's alone: the database (reporters' cases, staff accounts),
 * its journals, the receipt key and the session secret, the evidence and the media library, packages
 * and restored backups. Nobody else on the machine reads them, so files are created 0600 and folders
 * 0700. Two layers: the process umask (0077), which also covers files that libraries create (SQLite's
 * journals, sharp's output), and an explicit mode wherever the platform itself creates a file or a
 * folder, so the rule holds when the code runs in a process that did not set the umask (tests, a
 * library user).
 */

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/** From now on, nothing this process creates is readable by group or others. */
export function ownerOnlyUmask(): void {
  process.umask(0o077);
}

/**
 * Takes group and other access away from what is already there, left by an older version or a
 * copy: DATA_DIR, every folder below it and every file, database and journals included. Symbolic
 * links are left alone (their target is not ours to change). Returns how many modes were changed.
 */
export function tightenDataDir(dataDir: string): number {
  let changed = 0;
  const fix = (p: string, st: fs.Stats) => {
    const want = st.isDirectory() ? DIR_MODE : FILE_MODE;
    if ((st.mode & 0o777) !== want) {
      fs.chmodSync(p, want);
      changed++;
    }
  };
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        fix(p, fs.lstatSync(p));
        walk(p);
      } else if (entry.isFile()) {
        fix(p, fs.lstatSync(p));
      }
    }
  };
  if (!fs.existsSync(dataDir)) return 0;
  fix(dataDir, fs.statSync(dataDir));
  walk(dataDir);
  return changed;
}

/** Makes a file owner-only after a library created it with its own idea of a mode. */
export const ownerOnlyFile = (file: string) => fs.promises.chmod(file, FILE_MODE);
