import type { Db, Tx } from './index';

/**
 * Group commit: writes that arrive together share one transaction, and each caller's promise
 * settles only after that transaction's COMMIT — on SQLite with synchronous=FULL, after its
 * fsync. So an answer still means "durable", but fifty concurrent reports cost one fsync
 * instead of fifty, and `commit` can write the whole batch with a statement per table rather
 * than per item. One batch is committed at a time; whatever arrives meanwhile forms the next.
 * If a batch fails, each of its items is tried again on its own, so one bad item (a broken
 * constraint) fails only its own caller.
 */
export function groupCommit<I, R>(db: Db, commit: (tx: Tx, items: I[]) => Promise<R[]>, maxBatch = 200) {
  type Pending = { item: I; resolve: (r: R) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let running = false;

  async function flush() {
    while (queue.length) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const results = await db.transaction().execute((tx) => commit(tx, batch.map((p) => p.item)));
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch {
        for (const p of batch) {
          try {
            p.resolve((await db.transaction().execute((tx) => commit(tx, [p.item])))[0]!);
          } catch (e) {
            p.reject(e);
          }
        }
      }
    }
    running = false;
  }

  return {
    /** Writes `item` in the next shared transaction; resolves with its result once committed. */
    run(item: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        // The first write of a quiet moment waits one turn of the event loop for company.
        if (!running) { running = true; setImmediate(() => void flush()); }
      });
    },
  };
}
