/**
 * The simulator's command line: `npm run simulate -- --runs N [--seed S] [--tills T] [--steps K]
 * [--plant settle-twice] [--verbose] [--no-shrink]`. Prints one line per run; on a failure, the
 * seed, the first broken invariant and the shrunk schedule, and exits 1.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string' },
    tills: { type: 'string', default: '4' },
    steps: { type: 'string', default: '60' },
    plant: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    'no-shrink': { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
  },
});

// The planted bug is read by the SDK; set before it is imported.
if (values.plant) process.env.TILLPOINTS_PLANT = values.plant;

const { runMany } = await import('./run-many.js');
const code = await runMany({
  runs: Number(values.runs),
  ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
  maxTills: Number(values.tills),
  steps: Number(values.steps),
  verbose: values.verbose,
  shrink: !values['no-shrink'],
  printTrace: values.trace,
  log: (line) => console.log(line),
});
process.exit(code);
