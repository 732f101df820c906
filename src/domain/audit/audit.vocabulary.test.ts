import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditActionLabels, auditEntityLabels } from './audit.vocabulary';
import { caseActions } from '../cases/case.workflow';
import { exposureReviewActions } from '../exposures/exposure.review';
import { activityActions } from '../activities/activity.workflow';
import { statisticsActions } from '../forms/statistics.workflow';
import { summaryActions } from '../forms/summary.rules';

/*
 * Reads every `audit(` call the server makes. A literal action or object type must have a label; an
 * action built at run time must be one of the families below (each expanded from the domain's own
 * list of actions), so a new call of either kind without words fails here.
 */
const dynamicActions: Record<string, readonly string[]> = {
  '`case.${name}`': caseActions.map((a) => `case.${a}`),
  '`typical.${action}`': exposureReviewActions.map((a) => `typical.${a}`),
  '`activity.${action}`': activityActions.map((a) => `activity.${a}`),
  '`${form.name}.${input.action}`': [...statisticsActions, 'import'].map((a) => `statistics.${a}`).concat([...summaryActions, 'import'].map((a) => `summary.${a}`)),
  // Passed in by the caller: every value is a literal elsewhere in the same file (checked below).
  action: ['auth.login_failed', 'auth.two_factor_failed', 'liaison.submit', 'liaison.import'],
};
const dynamicTypes: Record<string, readonly string[]> = { 'form.auditType': ['statistics_report', 'summary'] };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

interface Call { file: string; action: string; type: string }

function calls(): Call[] {
  const out: Call[] = [];
  for (const file of sources(join(__dirname, '../../server'))) {
    const text = readFileSync(file, 'utf8');
    // audit(tx, actor, <action>, { type: <type>, ...
    const re = /\baudit\(\s*[\w.]+,\s*(?:\{[^}]*\}|[\w.?]+),\s*([^,]+?),\s*\{\s*type:\s*([^,}]+)/g;
    for (const m of text.matchAll(re)) out.push({ file, action: m[1]!.trim(), type: m[2]!.trim() });
  }
  return out;
}

const literals = (expr: string) => [...expr.matchAll(/'([^']+)'/g)].map((m) => m[1]!);

describe('audit vocabulary', () => {
  const found = calls();

  it('finds the server’s audit calls (the scan itself works)', () => {
    expect(found.length).toBeGreaterThan(40);
    expect(found.some((c) => c.action === "'unit.create'")).toBe(true);
  });

  it('every action written has words in Chinese and English', () => {
    const missing: string[] = [];
    for (const c of found) {
      const codes = c.action.startsWith("'") || c.action.includes('?') ? literals(c.action) : dynamicActions[c.action];
      if (!codes) { missing.push(`${c.file}: unknown action expression ${c.action}`); continue; }
      if (c.action === 'action') {
        const text = readFileSync(c.file, 'utf8');
        for (const code of codes.filter((x) => text.includes(`'${x}'`))) if (!Object.hasOwn(auditActionLabels, code)) missing.push(code);
        if (!codes.some((x) => text.includes(`'${x}'`))) missing.push(`${c.file}: action passed in, values unknown`);
        continue;
      }
      for (const code of codes) if (!Object.hasOwn(auditActionLabels, code)) missing.push(`${c.file}: ${code}`);
    }
    expect(missing).toEqual([]);
  });

  it('every object type written has words', () => {
    const missing = found.flatMap((c) => {
      const codes = c.type.startsWith("'") ? literals(c.type) : dynamicTypes[c.type];
      if (!codes) return [`${c.file}: unknown type expression ${c.type}`];
      return codes.filter((t) => !Object.hasOwn(auditEntityLabels, t));
    });
    expect(missing).toEqual([]);
  });

  it('labels are complete in both languages; an unknown code shows as itself', () => {
    for (const [code, t] of Object.entries(auditActionLabels)) {
      expect(t.zh.trim(), code).not.toBe('');
      expect(t.en.trim(), code).not.toBe('');
    }
    expect(auditActionLabel('unit.create', 'zh')).toBe('新建单位');
    expect(auditActionLabel('something.old', 'en')).toBe('something.old');
  });
});
