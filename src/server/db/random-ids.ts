import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Queryable } from './index';
import type { Database } from './schema';

/** The tables whose rows a reporter creates beside staff's timed rows: no sequence may order them. */
export type RandomIdTable = 'cases' | 'case_events' | 'case_messages' | 'case_files';

/*
 * Random ids in [2^30, 2^31): they fit PostgreSQL's int4 (serial) columns, are all ten digits (so a
 * case reference has one length), and among a million cases a draw collides about once in a
 * thousand, which is simply drawn again. Old rows (from before 0012) keep their small ids below 2^30.
 */
const LOW = 2 ** 30;
const HIGH = 2 ** 31;
const MAX_ROUNDS = 16;

export const randomRowId = () => crypto.randomInt(LOW, HIGH);

/**
 * Inserts rows each under a fresh random id and returns the ids in the rows' order. A draw that
 * hits an existing row is skipped by ON CONFLICT (id) DO NOTHING — which neither fails the statement
 * nor, on PostgreSQL, the transaction — and drawn again for the rows that did not go in. Any other
 * constraint still fails as before.
 */
export async function insertWithRandomIds<T extends RandomIdTable>(
  db: Queryable, table: T, rows: Omit<Insertable<Database[T]>, 'id'>[], draw: () => number = randomRowId,
): Promise<number[]> {
  const ids: number[] = new Array<number>(rows.length);
  let pending = rows.map((_, i) => i);
  const taken = new Set<number>();
  for (let round = 0; pending.length; round++) {
    if (round === MAX_ROUNDS) throw new Error(`no free random id for ${table} after ${MAX_ROUNDS} draws`);
    const drawn = pending.map((i) => {
      let id = draw();
      while (taken.has(id)) id = draw();
      taken.add(id);
      return { i, id };
    });
    const values = drawn.map(({ i, id }) => ({ ...rows[i], id }));
    // The row types of the four tables differ; each caller passes its own table's rows.
    const inserted = await (db as Queryable).insertInto(table as 'cases').values(values as never)
      .onConflict((oc) => oc.column('id').doNothing()).returning('id').execute();
    const went = new Set(inserted.map((r) => r.id));
    for (const { i, id } of drawn) if (went.has(id)) ids[i] = id;
    pending = drawn.filter(({ id }) => !went.has(id)).map(({ i }) => i);
  }
  return ids;
}

/** Reserves `n` places at the end of a case's history; the first is returned. */
export async function nextSeq(db: Queryable, caseId: number, n = 1): Promise<number> {
  const r = await db.updateTable('cases').set((eb) => ({ last_seq: eb('last_seq', '+', n) })).where('id', '=', caseId)
    .returning('last_seq').executeTakeFirstOrThrow();
  return r.last_seq - n + 1;
}
