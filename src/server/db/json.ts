/*
 * Structured values are JSON text in their rows (schema.ts). The JSON is ours, but a hand-edited
 * row must not take a page down: a value that does not parse, or is not of the expected kind,
 * reads as empty, and the store that owns the column checks what is inside.
 */

export function parseObject(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function parseArray(json: string): unknown[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}
