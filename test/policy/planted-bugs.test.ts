import { afterEach, describe, expect, it, vi } from 'vitest';

// The flag is read once, when the module loads: each case loads it afresh.
async function load(flag: string | undefined) {
  vi.resetModules();
  if (flag === undefined) vi.stubEnv('TILLPOINTS_PLANT', undefined as unknown as string);
  else vi.stubEnv('TILLPOINTS_PLANT', flag);
  return import('../../src/policy/count-once.js');
}

const lateAnswer = {
  held: { confirmed: 130, held: 0, version: 7 },
  offered: { points: 130, held: 0, version: 7 },
  unansweredSent: false,
  applied: [{ credit: 30, debit: 0, late: true }],
};

describe('the planted settle-twice bug (a test hook for the simulator)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('is off without TILLPOINTS_PLANT, or with another value: a late answer is counted once', async () => {
    for (const flag of [undefined, '', 'settle-once']) {
      const { countOnce } = await load(flag);
      expect(countOnce(lateAnswer).confirmed.confirmed).toBe(130);
    }
  });

  it('with TILLPOINTS_PLANT=settle-twice, counts a late answer\'s points again', async () => {
    const { countOnce } = await load('settle-twice');
    expect(countOnce(lateAnswer).confirmed.confirmed).toBe(160);
  });
});
