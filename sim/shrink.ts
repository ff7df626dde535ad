import { runSchedule, type RunResult } from './run.js';
import type { Schedule } from './schedule.js';

/**
 * Shrinks a failing run's schedule: drops chunks of events (halves, then quarters, … then
 * single events) while the run still breaks the same invariant, at most `maxRuns` reruns.
 */
export async function shrink(failing: RunResult, log: (line: string) => void = () => {}, maxRuns = 150): Promise<RunResult> {
  const invariant = failing.violation?.invariant;
  let best = failing;
  let runs = 0;
  let chunk = Math.max(1, Math.floor(best.schedule.events.length / 2));
  while (runs < maxRuns) {
    let removed = false;
    for (let start = 0; start < best.schedule.events.length && runs < maxRuns; ) {
      const events = best.schedule.events.filter((_, i) => i < start || i >= start + chunk);
      if (events.length === best.schedule.events.length) break;
      const candidate: Schedule = { ...best.schedule, events };
      const result = await runSchedule(candidate);
      runs++;
      if (result.violation?.invariant === invariant) {
        best = result;
        removed = true;
        log(`shrink: ${events.length} events still fail`);
      } else start += chunk;
    }
    if (chunk === 1 && !removed) break;
    if (!removed) chunk = Math.max(1, Math.floor(chunk / 2));
  }
  return best;
}
