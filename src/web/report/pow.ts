import { useCallback, useEffect, useRef, useState } from 'react';
import { solvePow } from '../../domain/cases/case.pow';
import { requestJson } from './api';
import { sha256js } from './sha256';
import type { Challenge } from './types';

/*
 * The proof of work a report carries (src/domain/cases/case.pow.ts). The form fetches a challenge
 * as it opens and solves it while the person types, so 提交 is instant; a solution that has
 * expired (or would within MARGIN_MS) is replaced at submit time, and a failed submission asks
 * for a fresh one in the background.
 */

export interface Solution {
  challenge: string;
  nonce: string;
  /** Local clock time (ms) until which the server still takes it. */
  validUntil: number;
}

export type PowState = { phase: 'working'; share: number } | { phase: 'ready' } | { phase: 'failed' };

const MARGIN_MS = 15_000;
const encoder = new TextEncoder();

class Aborted extends Error {}

/** SHA-256 with Web Crypto (the JavaScript one where there is none), yielding now and then so typing stays smooth. */
function hasher(signal: AbortSignal): (input: string) => Promise<Uint8Array> {
  const subtle = globalThis.crypto?.subtle;
  let calls = 0;
  return async (input) => {
    if (signal.aborted) throw new Aborted('aborted');
    if (++calls % 2048 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const bytes = encoder.encode(input);
    return subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes)) : sha256js(bytes);
  };
}

async function fetchAndSolve(signal: AbortSignal, onShare: (share: number) => void): Promise<Solution> {
  const { data, serverTime } = await requestJson<Challenge>('POST', '/api/public/report-challenge');
  const expiresAt = Date.parse(data.expiresAt);
  // The phone's clock may be off: count the challenge's lifetime on the server's clock.
  const validUntil = serverTime !== null && !Number.isNaN(expiresAt) ? Date.now() + (expiresAt - serverTime) : expiresAt;
  const expected = 2 ** data.bits;
  const nonce = await solvePow(data.challenge, data.bits, hasher(signal), (tried) => onShare(1 - Math.exp(-tried / expected)));
  return { challenge: data.challenge, nonce: String(nonce), validUntil: Number.isNaN(validUntil) ? Date.now() + 60_000 : validUntil };
}

interface Job {
  promise: Promise<Solution>;
  abort: AbortController;
}

export function useProofOfWork() {
  const [state, setState] = useState<PowState>({ phase: 'working', share: 0 });
  const job = useRef<Job | null>(null);

  const start = useCallback((): Job => {
    job.current?.abort.abort();
    const abort = new AbortController();
    const promise = fetchAndSolve(abort.signal, (share) => {
      if (job.current === entry) setState({ phase: 'working', share });
    });
    const entry: Job = { promise, abort };
    job.current = entry;
    setState({ phase: 'working', share: 0 });
    promise.then(
      () => { if (job.current === entry) setState({ phase: 'ready' }); },
      () => { if (job.current === entry) setState({ phase: 'failed' }); },
    );
    return entry;
  }, []);

  useEffect(() => {
    start();
    return () => {
      job.current?.abort.abort();
      job.current = null;
    };
  }, [start]);

  /** A solution the server will still take, solving a new challenge if need be. */
  const get = useCallback(async (): Promise<Solution> => {
    for (let attempt = 0; ; attempt++) {
      const entry = job.current ?? start();
      let solution: Solution | null = null;
      try {
        solution = await entry.promise;
      } catch (err) {
        if (attempt >= 2 || (!(err instanceof Aborted) && attempt >= 1)) throw err;
      }
      if (solution && (solution.validUntil - MARGIN_MS > Date.now() || attempt >= 2)) return solution;
      if (job.current === entry) start();
    }
  }, [start]);

  /** Drops the current challenge (used, refused or suspect) and starts solving a new one. */
  const renew = useCallback(() => {
    start();
  }, [start]);

  return { state, get, renew };
}
