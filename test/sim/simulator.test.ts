import { afterAll, describe, expect, it } from 'vitest';
import { Prng } from '../../sim/prng.js';
import { runSchedule } from '../../sim/run.js';
import { drawSchedule } from '../../sim/schedule.js';
import { shrinkList } from '../../sim/shrink.js';
import { closeLedgerPorts } from '../../sim/world-ports.js';

import { FIRST_SEED, RUNS_PER_FILE, SHORT, brokenInvariants } from './support/seeded-runs.js';

describe('the simulator draws everything from its seed', () => {
  it('gives the same numbers for the same seed, and a named sub-stream does not depend on the other draws', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    const fresh = new Prng(42).fork('network');
    const used = new Prng(42);
    used.next();
    expect(used.fork('network').next()).toBe(fresh.next());
    expect(new Prng(42).fork('faults').next()).not.toBe(new Prng(42).fork('network').next());
  });

  it('draws the same world and schedule from the same seed, and another from another seed', () => {
    expect(drawSchedule(7)).toEqual(drawSchedule(7));
    expect(drawSchedule(7)).not.toEqual(drawSchedule(8));
  });
});

describe('shrinking', () => {
  it('drops events while the failure persists, down to the ones that cause it', async () => {
    const events = Array.from({ length: 50 }, (_, i) => i);
    const small = await shrinkList(events, async (c) => c.includes(7) && c.includes(33));
    expect(small).toEqual([7, 33]);
  });
});

describe('seeded runs of the real SDK and ledger under faults', () => {
  afterAll(() => closeLedgerPorts());

  it(`break no invariant in ${RUNS_PER_FILE} schedules (tills, tabs, partitions, lost answers, crashes, wipes)`, async () => {
    expect(await brokenInvariants(FIRST_SEED, RUNS_PER_FILE)).toEqual([]);
  }, 600_000);

  // Same seed, same world, same faults, same answers, same ids: nothing in a run reads a real
  // clock, a real timer or real randomness.
  it('writes the same trace for the same seed, byte for byte', async () => {
    const schedule = drawSchedule(FIRST_SEED + 1, { ...SHORT, steps: 24 });
    const first = await runSchedule(schedule);
    const second = await runSchedule(schedule);
    expect(first.trace.split('\n').length).toBeGreaterThan(100);
    expect(second.trace).toBe(first.trace);
  }, 120_000);
});
