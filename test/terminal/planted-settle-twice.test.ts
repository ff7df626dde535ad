import { afterEach, describe, expect, it, vi } from 'vitest';

// The planted bug is read once, when the SDK loads: each case loads the SDK (and the world
// around it) afresh, with or without the flag. A test hook for the simulator only.
async function worldWith(flag: string | undefined) {
  vi.resetModules();
  vi.stubEnv('TILLPOINTS_PLANT', flag as string);
  const fixture = await import('../support/terminal-fixture.js');
  return { ...fixture, w: await fixture.startTillWorld([{ memberId: 'asha', openingPoints: 1000 }]) };
}

describe('the planted settle-twice bug, through a real till and a lost answer', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  // An accrual the ledger applies whose answer is lost; the next round's push is answered `duplicate`.
  async function lostAnswer(flag: string | undefined): Promise<{ till: number; ledger: number }> {
    const { w, bill } = await worldWith(flag);
    close = () => w.close();
    const t = w.terminal();
    await t.start();
    await t.sync();
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 100, bill: bill('B1', 100_000) });
    w.proxy.mode = { kind: 'drop-response' };
    await expect(t.sync()).rejects.toMatchObject({ code: 'network' });
    w.proxy.mode = { kind: 'pass' };
    await t.sync();
    await t.sync();
    return { till: (await t.getBalance('asha')).confirmed, ledger: await w.ledgerPoints('asha') };
  }

  it('without the flag, the late answer is counted once: the till agrees with the ledger', async () => {
    expect(await lostAnswer(undefined)).toEqual({ till: 1100, ledger: 1100 });
  });

  it('with TILLPOINTS_PLANT=settle-twice, the late answer is counted twice at the till', async () => {
    expect(await lostAnswer('settle-twice')).toEqual({ till: 1200, ledger: 1100 });
  });
});
