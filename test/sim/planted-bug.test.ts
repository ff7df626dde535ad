import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The planted bug: with TILLPOINTS_PLANT=settle-twice the SDK settles an answer twice. This
// file (a process of its own) sets it before the SDK is imported, and runs once the SDK has it.
const src = join(import.meta.dirname, '../../src');
const sdkHasPlant = (readdirSync(src, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .some((f) => readFileSync(join(src, f), 'utf8').includes('settle-twice'));

describe.skipIf(!sdkHasPlant)('the planted bug', () => {
  afterAll(async () => {
    const { closeLedgerPorts } = await import('../../sim/world-ports.js');
    await closeLedgerPorts();
  });

  it('is found within 30 seeded schedules, and its schedule shrinks', async () => {
    process.env.TILLPOINTS_PLANT = 'settle-twice';
    const { runSchedule } = await import('../../sim/run.js');
    const { drawSchedule } = await import('../../sim/schedule.js');
    const { shrink } = await import('../../sim/shrink.js');
    let failing;
    for (let i = 0; i < 30 && !failing; i++) {
      const result = await runSchedule(drawSchedule(20_261_130 + i, { maxTills: 3, steps: 24 }));
      if (result.violation) failing = result;
    }
    expect(failing?.violation).toBeDefined();
    const small = await shrink(failing!, () => {}, 40);
    expect(small.violation?.invariant).toBe(failing!.violation!.invariant);
    expect(small.schedule.events.length).toBeLessThan(failing!.schedule.events.length);
  }, 600_000);
});
