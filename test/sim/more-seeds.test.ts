import { afterAll, describe, expect, it } from 'vitest';
import { closeLedgerPorts } from '../../sim/world-ports.js';
import { FIRST_SEED, RUNS_PER_FILE, brokenInvariants } from './support/seeded-runs.js';

// The next share of `npm test`'s seeds, in a file of its own so two workers run them at once.
describe('more seeded runs of the real SDK and ledger under faults', () => {
  afterAll(() => closeLedgerPorts());

  it(`break no invariant in the next ${RUNS_PER_FILE} schedules`, async () => {
    expect(await brokenInvariants(FIRST_SEED + RUNS_PER_FILE, RUNS_PER_FILE)).toEqual([]);
  }, 600_000);
});
