import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeDb, testDialect } from '../support/harness';
import { createTestDatabase, type TestDatabase } from '../support/database';

const bin = path.resolve('bin/safemonth.mjs');
const reference = path.resolve('campaigns/kunming-2022.yaml');

describeDb('command line: safemonth migrate, campaign, user', () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { env, encoding: 'utf8', timeout: 60_000 });

  beforeAll(async () => {
    database = await createTestDatabase();
    // The CLI opens its own connection; the harness's is not needed.
    env = { ...process.env, DATA_DIR: database.dataDir, DATABASE_URL: testDialect === 'postgres' ? database.url : '' };
  });
  afterAll(async () => database?.drop());

  it('validates the reference plan, and names the path of what is wrong in a broken one', () => {
    const ok = run('campaign', 'validate', reference);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('valid (kunming-2022');
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sm-cli-')), 'broken.yaml');
    fs.writeFileSync(broken, fs.readFileSync(reference, 'utf8').replace('start: "2022-06-01"', 'start: "2022-06-31"'));
    const bad = run('campaign', 'validate', broken);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/periods\[0\]\.start: invalid date/);
  }, 60_000);

  it('migrates, imports the plan with its units, copies it to 2027, and creates and resets a user', () => {
    expect(run('migrate').stdout).toContain('0001_foundation');
    expect(run('migrate').stdout).toContain('up to date');
    const imported = run('campaign', 'import', reference);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/imported campaign kunming-2022 as id \d+; 55 new units/);
    expect(run('campaign', 'import', reference).status).toBe(1);
    // The new plan's document number and issue date are required, not carried over.
    const bare = run('campaign', 'copy', '--from', 'kunming-2022', '--year', '2027');
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('--document-number');
    const copy = run('campaign', 'copy', '--from', 'kunming-2022', '--year', '2027', '--document-number', '昆安办〔2027〕12号', '--issued-on', '2027-05-20');
    expect(copy.status, copy.stderr).toBe(0);
    expect(run('campaign', 'list').stdout).toMatch(/kunming-2027\t2027/);
    const user = run('user', 'create', '--username', 'wuhua', '--unit', '530102', '--role', 'unit_reporter', '--name', '五华区联络员');
    expect(user.status, user.stderr).toBe(0);
    expect(user.stdout).toMatch(/created wuhua \(unit_reporter\) at 五华区; password: \S{14}/);
    const clash = run('user', 'create', '--username', 'wuhua', '--unit', '530102', '--role', 'unit_reporter');
    expect(clash.status).toBe(1);
    expect(clash.stderr).toContain('用户名 wuhua 已存在');
    const reset = run('user', 'reset-password', '--username', 'wuhua', '--password', 'chosen-by-office-1');
    expect(reset.status, reset.stderr).toBe(0);
    // The office's way back in for a lost phone, and for a name made to wait.
    const twoFactor = run('user', 'reset-two-factor', '--username', 'wuhua');
    expect(twoFactor.status, twoFactor.stderr).toBe(0);
    expect(twoFactor.stdout).toContain('two-factor of wuhua reset');
    expect(run('user', 'unlock', '--username', 'wuhua').status).toBe(0);
    expect(run('user', 'unlock', '--username', 'nobody-at-all').status).toBe(2);
    // Each call starts a process that loads the TypeScript sources; under a full parallel run that is seconds each.
  }, 180_000);
});
