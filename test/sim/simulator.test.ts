import { afterAll, describe, expect, it } from 'vitest';
import { Prng } from '../../sim/prng.js';
import { runSchedule } from '../../sim/run.js';
import { drawSchedule } from '../../sim/schedule.js';
import { shrinkList } from '../../sim/shrink.js';
import { closeLedgerPorts } from '../../sim/world-ports.js';

// How many seeded schedules `npm test` runs (SIM_RUNS to run more), from a fixed first seed.
const RUNS = Number(process.env.SIM_RUNS ?? 32);
const FIRST_SEED = Number(process.env.SIM_SEED ?? 20_261_130);

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

  it(`break no invariant in ${RUNS} schedules (tills, tabs, partitions, lost answers, crashes, wipes)`, async () => {
    const failures: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await runSchedule(drawSchedule(FIRST_SEED + i, { maxTills: 3, steps: 16 }));
      if (result.violation) failures.push(`seed ${result.seed}: ${result.violation.invariant}: ${result.violation.detail}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  // Until the issue 9 seams land (sim/world-ports.ts), ids come from real randomness (the trace
  // shows them as #1, #2… by first appearance) and the SDK's hold deadline and ky's request
  // timeout run on real timers: on a machine so loaded that a virtual answer takes a real
  // second, the two runs could differ there.
  it('writes the same trace for the same seed, byte for byte', async () => {
    const schedule = drawSchedule(FIRST_SEED, { maxTills: 3, steps: 16 });
    const first = await runSchedule(schedule);
    const second = await runSchedule(schedule);
    expect(second.trace).toBe(first.trace);
  }, 120_000);
});
