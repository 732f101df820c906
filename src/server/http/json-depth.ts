import { fail } from './errors';

/**
 * How deep a JSON value may nest. No form of the platform goes past a handful of levels; every
 * walk over a value (the NUL check, Zod) recurses, and 10,000 levels of `[` would overflow the
 * stack and answer 500.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests deeper than `max` levels; iterative, so any depth is safe to ask about. */
export function nestsDeeper(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Refuses a value nested too deep, naming the body or the form field it came in. */
export function refuseDeepJson(value: unknown, field = '(body)'): void {
  if (nestsDeeper(value)) throw fail(400, 'request.too_deep', { max: MAX_JSON_DEPTH }, field);
}
