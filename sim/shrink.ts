import { runSchedule, type RunResult } from './run.js';
import type { Schedule } from './schedule.js';

/**
 * Drops chunks of `items` (halves, then quarters, … then single items) while `stillFails`
 * says the smaller list still fails, at most `maxTries` tries. Answers the smallest failing list found.
 */
export async function shrinkList<T>(items: readonly T[], stillFails: (candidate: readonly T[]) => Promise<boolean>, maxTries = 150): Promise<readonly T[]> {
  let best = items;
  let tries = 0;
  let chunk = Math.max(1, Math.floor(best.length / 2));
  while (tries < maxTries && best.length > 0) {
    let removed = false;
    for (let start = 0; start < best.length && tries < maxTries; ) {
      const candidate = best.filter((_, i) => i < start || i >= start + chunk);
      tries++;
      if (await stillFails(candidate)) {
        best = candidate;
        removed = true;
      } else start += chunk;
    }
    if (chunk === 1 && !removed) break;
    if (!removed) chunk = Math.max(1, Math.floor(chunk / 2));
  }
  return best;
}

/** Shrinks a failing run's schedule to fewer events that still break the same invariant; answers that run. */
export async function shrink(failing: RunResult, log: (line: string) => void = () => {}, maxRuns = 150): Promise<RunResult> {
  const invariant = failing.violation?.invariant;
  let best = failing;
  await shrinkList(
    failing.schedule.events,
    async (events) => {
      const candidate: Schedule = { ...failing.schedule, events };
      const result = await runSchedule(candidate);
      if (result.violation?.invariant !== invariant) return false;
      if (events.length < best.schedule.events.length) log(`shrink: ${events.length} events still fail`);
      best = result;
      return true;
    },
    maxRuns,
  );
  return best;
}
