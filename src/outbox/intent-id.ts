import { monotonicFactory } from 'ulid';

/**
 * Random numbers from a pooled buffer: the ULID library otherwise asks the platform's
 * crypto for one byte at a time, sixteen times per id, which is a tenth of a checkout.
 */
function pooledRandom(): () => number {
  const pool = new Uint32Array(256);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      globalThis.crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++]! / 0x1_0000_0000;
  };
}

/**
 * Makes every id a terminal makes (intents, holds, `m-` members, its incarnation, its lease
 * holder id): ULIDs timed by `now`, increasing even within one millisecond or when `now` goes
 * back. Their random part comes from `random` when given (the same `now` and `random` make the
 * same ids: a simulator replays a run), else from the platform's crypto, pooled.
 */
export function intentIdFactory(now: () => number = Date.now, random?: () => number): () => string {
  const next = monotonicFactory(random ?? pooledRandom());
  return () => next(now());
}
