import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import { openPgliteInThread } from '../../src/ledger/sql/pglite-database.js';

const ADMIN_KEY = 'tp_admin_no-timers-test-key-0123456789ab';

afterEach(() => vi.restoreAllMocks());

/** Records the call stack of every timer set while it watches (the timers still run). */
function watchTimers(): string[] {
  const stacks: string[] = [];
  for (const name of ['setTimeout', 'setInterval'] as const) {
    const original = globalThis[name];
    vi.spyOn(globalThis, name).mockImplementation(((...args: Parameters<typeof original>) => {
      stacks.push(`${name}: ${new Error().stack ?? ''}`);
      return (original as (...a: unknown[]) => unknown)(...args);
    }) as typeof original);
  }
  return stacks;
}

describe('a ledger built with holdSweepMs: 0', () => {
  it('sets no timer of its own while it is built, answers requests in-process, sweeps and closes', async () => {
    // The embedded database as a simulation opens it (in this thread; a server's has a worker and a wait limit).
    const database = await openPgliteInThread();
    try {
      const stacks = watchTimers();
      const ledger = await createLedger({ database: { kind: 'shared', database }, adminKey: ADMIN_KEY, holdSweepMs: 0, onError: () => {} });
      const post = (path: string, body: unknown) =>
        ledger.fetch(
          new Request(`http://ledger${path}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
        );
      expect((await post('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'asha', openingPoints: 50 }] })).status).toBe(201);
      expect((await post('/v1/admin/terminals', { protocol: 'v1', terminalId: 'T1', storeId: 'S1' })).status).toBe(201);
      expect(await ledger.sweepHolds()).toBe(0);
      await ledger.close();
      // The embedded engine keeps a timer of its own (PostgreSQL's idle statistics flush); the ledger none.
      expect(stacks.filter((stack) => stack.includes('/src/ledger/'))).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
