/**
 * The simulator's command line: `npm run simulate -- --runs N [--seed S] [--tills T] [--steps K]
 * [--workers W] [--plant settle-twice] [--verbose] [--no-shrink] [--trace]`. Prints one line per
 * run; on a failure, the seed, the first broken invariant and the shrunk schedule, and exits 1.
 * `--workers` runs contiguous shares of the seeds in that many processes (one per core).
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string' },
    tills: { type: 'string', default: '3' },
    steps: { type: 'string', default: '16' },
    workers: { type: 'string', default: '1' },
    worker: { type: 'boolean', default: false },
    plant: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'no-shrink': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

// The planted bug is read by the SDK; set before it is imported.
if (values.plant) process.env.TILLPOINTS_PLANT = values.plant;

const workers = Number(values.workers);
const first = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
if (workers > 1 && !values.worker) {
  const { runInWorkers } = await import('./workers.js');
  const args = ['--tills', values.tills, '--steps', values.steps, ...(values.plant ? ['--plant', values.plant] : []), ...(values['no-shrink'] ? ['--no-shrink'] : [])];
  process.exit(await runInWorkers({ runs: Number(values.runs), first, workers, args, log: (line) => console.log(line) }));
}

const { runMany } = await import('./run-many.js');
const code = await runMany({
  runs: Number(values.runs),
  seed: first,
  summaryLine: values.worker,
  maxTills: Number(values.tills),
  steps: Number(values.steps),
  verbose: values.verbose,
  shrink: !values['no-shrink'],
  printTrace: values.trace,
  log: (line) => console.log(line),
});
process.exit(code);
