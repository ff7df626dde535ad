import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ExposureRecord } from './invariants.js';
import { SUMMARY_PREFIX, exposureSummary } from './run-many.js';

/** A worker's account of its runs. */
export interface WorkerSummary {
  readonly runs: number;
  readonly exposures: readonly ExposureRecord[];
}

/**
 * Runs the seeds `first … first + runs - 1` in `workers` processes of this same script (each a
 * contiguous share of the seeds, its own ledger database), relays their lines, and adds up
 * their summaries. The first failing worker stops the others; answers the exit code.
 */
export async function runInWorkers(o: { runs: number; first: number; workers: number; args: readonly string[]; log: (line: string) => void }): Promise<number> {
  const started = performance.now();
  const share = Math.ceil(o.runs / o.workers);
  const children: ChildProcess[] = [];
  const summaries: WorkerSummary[] = [];
  let failed = false;
  const finished = [];
  for (let w = 0; w < o.workers; w++) {
    const runs = Math.min(share, o.runs - w * share);
    if (runs <= 0) break;
    const seed = (o.first + w * share) >>> 0;
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...o.args, '--runs', String(runs), '--seed', String(seed), '--worker'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith(SUMMARY_PREFIX)) summaries.push(JSON.parse(line.slice(SUMMARY_PREFIX.length)) as WorkerSummary);
      else o.log(line);
    });
    finished.push(
      new Promise<void>((resolve) =>
        child.on('exit', (code) => {
          if (code !== 0 && !failed) {
            failed = true;
            for (const other of children) if (other !== child) other.kill();
          }
          resolve();
        }),
      ),
    );
  }
  await Promise.all(finished);
  if (failed) return 1;
  const runs = summaries.reduce((s, x) => s + x.runs, 0);
  const seconds = (performance.now() - started) / 1000;
  o.log(`\nall ${o.workers} workers: ${runs} runs ok (seeds ${o.first}..${(o.first + o.runs - 1) >>> 0}) in ${seconds.toFixed(1)} s wall (${(runs / seconds).toFixed(2)} runs/s)`);
  const exposures = summaries.flatMap((s) => s.exposures);
  if (exposures.length > 0) o.log(exposureSummary(exposures));
  return 0;
}
