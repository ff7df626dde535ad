import { runSchedule } from '../../../sim/run.js';
import { drawSchedule } from '../../../sim/schedule.js';

/** The first seed `npm test` runs (SIM_SEED to start elsewhere); each file takes its own share. */
export const FIRST_SEED = Number(process.env.SIM_SEED ?? 20_261_130);
/** Schedules per file (SIM_RUNS for more): short ones, so a few hundred fit in the suite. */
export const RUNS_PER_FILE = Number(process.env.SIM_RUNS ?? 100);
/** The shape of `npm test`'s schedules. */
export const SHORT = { maxTills: 3, steps: 12 } as const;

/** Runs `runs` schedules from `first`; answers each broken invariant with its seed (none when all hold). */
export async function brokenInvariants(first: number, runs: number): Promise<string[]> {
  const failures: string[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runSchedule(drawSchedule(first + i, SHORT));
    if (result.violation) failures.push(`seed ${result.seed}: ${result.violation.invariant}: ${result.violation.detail} (replay: npm run simulate -- --runs 1 --seed ${result.seed} --tills ${SHORT.maxTills} --steps ${SHORT.steps} --trace)`);
  }
  return failures;
}
