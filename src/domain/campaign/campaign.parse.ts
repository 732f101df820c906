/* Parsing without I/O, so the browser can validate a definition the office is editing. */
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { campaignSchema, type CampaignDefinition } from './campaign.schema';

export interface CampaignError {
  /** Where the problem is, in the author's terms: `obligations[1].due`, `identity.theme.zh`. */
  path: string;
  message: string;
}

export type CampaignParseResult =
  | { ok: true; campaign: CampaignDefinition }
  | { ok: false; errors: CampaignError[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(root)' : out;
}

function toErrors(issues: readonly z.core.$ZodIssue[]): CampaignError[] {
  const errors: CampaignError[] = [];
  for (const issue of issues) {
    // One error per stray key points the author at the exact line; typos like `minCout` end here.
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: formatPath([...issue.path, key]), message: `unknown key "${key}"` });
      }
    } else {
      errors.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return errors;
}

export function parseCampaign(input: unknown): CampaignParseResult {
  const result = campaignSchema.safeParse(input);
  if (result.success) return { ok: true, campaign: result.data };
  return { ok: false, errors: toErrors(result.error.issues) };
}

export function parseCampaignYaml(text: string): CampaignParseResult {
  // YAML 1.2 core schema (the default) keeps 2022-05-30 a string, which is what the schema wants.
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        // The pretty message carries a source excerpt; one line with the position reads better in a list.
        const first = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        const pos = e.linePos?.[0];
        return { path: '(yaml)', message: pos ? `line ${pos.line}, col ${pos.col}: ${first}` : first };
      }),
    };
  }
  return parseCampaign(doc.toJS());
}
