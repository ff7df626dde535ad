import { afterAll, describe, expect, it } from 'vitest';

// The planted bug (src/policy/planted-bugs.ts): with TILLPOINTS_PLANT=settle-twice the SDK
// counts a late answer's points again. The SDK reads the flag when it loads, so this file (a
// process of its own) sets it before importing anything that imports the SDK. The seed is the
// one `npm run simulate -- --runs 40 --seed 20261130 --steps 24 --plant settle-twice` stopped at
// (its 17th run); the run must still break an invariant there, and shrink.
const FOUND_AT = 20_261_146;

describe('the planted settle-twice bug', () => {
  afterAll(async () => {
    const { closeLedgerPorts } = await import('../../sim/world-ports.js');
    await closeLedgerPorts();
  });

  it('breaks convergence at the seed that found it, and shrinks to a few events (the seeded runs of the other files, without the plant, pass)', async () => {
    process.env.TILLPOINTS_PLANT = 'settle-twice';
    const { runSchedule } = await import('../../sim/run.js');
    const { drawSchedule } = await import('../../sim/schedule.js');
    const { shrink } = await import('../../sim/shrink.js');
    const schedule = drawSchedule(FOUND_AT, { maxTills: 3, steps: 24 });
    const failing = await runSchedule(schedule);
    expect(failing.violation?.invariant).toBe('tills converge');
    const small = await shrink(failing, () => {}, 25);
    expect(small.violation?.invariant).toBe('tills converge');
    expect(small.schedule.events.length).toBeLessThanOrEqual(4);
  }, 600_000);
});
