import type { ExposureRecord } from './invariants.js';
import { runSchedule, type RunResult } from './run.js';
import { drawSchedule, describeEvent } from './schedule.js';
import { shrink } from './shrink.js';
import { closeLedgerPorts } from './world-ports.js';

/** The last line a worker prints (see `--workers`): what the parent adds up. */
export const SUMMARY_PREFIX = 'SIM-SUMMARY ';

/** Options of {@link runMany}. */
export interface RunManyOptions {
  readonly runs: number;
  /** The first seed (the next runs take the following ones). @default a random one */
  readonly seed?: number;
  readonly maxTills: number;
  readonly steps: number;
  readonly verbose: boolean;
  readonly shrink: boolean;
  readonly printTrace: boolean;
  readonly log: (line: string) => void;
  /** Ends with a machine-readable summary line (for the parent of `--workers`). */
  readonly summaryLine?: boolean;
}

function summary(r: RunResult): string {
  const e = r.exposure ? ` exposure=${r.exposure.exposure}/${r.exposure.bound} shortfall=${r.exposure.shortfall}(${r.exposure.shortfallRule})` : '';
  const policy = r.schedule.world.policy.offline ?? 'deny';
  return `seed ${r.seed}: ${r.violation ? 'FAIL' : 'ok'} policy=${policy} tills=${r.schedule.world.tills.length} events=${r.stats.events} faults=${r.stats.faults} intents=${r.stats.accepted} heal=${r.stats.healRounds} ${r.stats.realMs}ms (${r.stats.phasesMs.join('/')})${e}`;
}

/** What the `limit` runs exposed: offline redemptions beyond the ledger's knowledge, and the shortfall they left, against the bound. */
export function exposureSummary(records: readonly ExposureRecord[]): string {
  const max = (f: (r: ExposureRecord) => number) => Math.max(...records.map(f));
  const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const short = records.filter((r) => r.shortfall > 0);
  return [
    `limit runs: ${records.length}; exposure (points redeemed offline under limit) max ${max((r) => r.exposure)}, max ${(100 * max((r) => ratio(r.exposure, r.bound))).toFixed(1)}% of the run's bound (limitPerTill × till storages)`,
    `  shortfall: ${short.length} run(s) with any, total ${records.reduce((s, r) => s + r.shortfall, 0)} points, max ${max((r) => r.shortfall)} (${(100 * max((r) => ratio(r.shortfall, r.bound))).toFixed(1)}% of its bound); never above the bound`,
  ].join('\n');
}

/** Runs `runs` seeds; on the first failure prints it (shrunk) and answers 1, else 0. */
export async function runMany(o: RunManyOptions): Promise<number> {
  const first = o.seed ?? Math.floor(Math.random() * 2 ** 31);
  const started = performance.now();
  const exposures: ExposureRecord[] = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      const seed = (first + i) >>> 0;
      const result = await runSchedule(drawSchedule(seed, { maxTills: o.maxTills, steps: o.steps }), o.verbose ? { echo: o.log } : {});
      o.log(summary(result));
      if (result.exposure) exposures.push(result.exposure);
      if (o.printTrace) o.log(result.trace);
      if (result.violation) {
        o.log(`\nFAILED seed ${seed} after ${i + 1} run(s): ${result.violation.invariant}\n  ${result.violation.detail}`);
        o.log(`replay: npm run simulate -- --runs 1 --seed ${seed} --tills ${o.maxTills} --steps ${o.steps}${process.env.TILLPOINTS_PLANT ? ` --plant ${process.env.TILLPOINTS_PLANT}` : ''} --trace`);
        if (o.shrink) {
          const small = await shrink(result, o.log);
          o.log(`shrunk to ${small.schedule.events.length} of ${result.schedule.events.length} events (${small.violation?.invariant}):`);
          for (const e of small.schedule.events) o.log(`  @${e.at} ${describeEvent(e)}`);
          o.log('trace of the shrunk schedule:');
          o.log(small.trace);
        }
        return 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    o.log(`${o.runs} runs ok (seeds ${first}..${(first + o.runs - 1) >>> 0}) in ${seconds.toFixed(1)} s (${(o.runs / seconds).toFixed(2)} runs/s)`);
    if (exposures.length > 0) o.log(exposureSummary(exposures));
    if (o.summaryLine) o.log(`${SUMMARY_PREFIX}${JSON.stringify({ runs: o.runs, exposures })}`);
    return 0;
  } finally {
    await closeLedgerPorts();
  }
}
