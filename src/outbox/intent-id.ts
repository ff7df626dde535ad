import { cryptoRandom, monotonicUlids } from '../protocol/ulid.js';

/**
 * Makes every id a terminal makes (intents, holds, `m-` members, its incarnation, its lease
 * holder id): ULIDs timed by `now`, increasing even within one millisecond or when `now` goes
 * back. Their random part comes from `random` when given (the same `now` and `random` make the
 * same ids: a simulator replays a run), else from the platform's crypto, pooled.
 */
export function intentIdFactory(now: () => number = Date.now, random?: () => number): () => string {
  const next = monotonicUlids(random ?? cryptoRandom());
  return () => next(now());
}
