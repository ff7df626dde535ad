import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { createPostgresDatabase } from '../support/ledger-fixture.js';
import { Prng } from '../../sim/prng.js';

const ADMIN_KEY = 'tp_admin_seeded-ids-test-key-0123456789';

// The simulator's seeded generator.
function seeded(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

async function call(ledger: Ledger, path: string, key: string, body: unknown) {
  const res = await ledger.fetch(
    new Request(`http://ledger${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  return (await res.json()) as any;
}

/** The ids one ledger makes for the same requests at the same clock: opening-balance intents and allowances. */
async function idsMadeBy(random: (() => number) | undefined): Promise<string[]> {
  let clock = Date.parse('2026-03-01T10:00:00.000Z');
  // A server database: quick to make, and ids do not depend on the engine.
  const pg = await createPostgresDatabase();
  const ledger = await createLedger({
    database: { kind: 'postgres', url: pg.url, poolSize: 2 },
    adminKey: ADMIN_KEY,
    now: () => new Date((clock += 1000)),
    ...(random ? { random } : {}),
    redemptionPolicy: { offline: 'allowance' },
    holdSweepMs: 0,
    onError: () => {},
  });
  try {
    await call(ledger, '/v1/admin/members', ADMIN_KEY, {
      protocol: 'v1',
      members: [{ memberId: 'asha', openingPoints: 500 }, { memberId: 'ravi', openingPoints: 300 }],
    });
    const { apiKey } = await call(ledger, '/v1/admin/terminals', ADMIN_KEY, { protocol: 'v1', terminalId: 'pune-1', storeId: 'pune' });
    const granted = await call(ledger, '/v1/allowances', apiKey, { protocol: 'v1', terminalId: 'pune-1', storeId: 'pune', memberIds: ['asha', 'ravi'] });
    const opening = await ledger.database.query(`SELECT intent_id FROM intents ORDER BY intent_id`);
    return [...opening.map((r) => String(r.intent_id)), ...granted.allowances.map((a: any) => a.allowance.holdId as string)];
  } finally {
    await ledger.close();
    await pg.drop();
  }
}

describe('the ids a ledger makes', () => {
  it('are the same for two ledgers given the same clock and random source, and differ for another seed', async () => {
    const first = await idsMadeBy(seeded(42));
    expect(first).toHaveLength(4);
    expect(await idsMadeBy(seeded(42))).toEqual(first);
    expect(await idsMadeBy(seeded(43))).not.toEqual(first);
  });

  it('are timed by the ledger clock, not the machine clock', async () => {
    const ids = await idsMadeBy(undefined);
    // ULIDs carry their time in the first ten characters: every one is from March 2026.
    const { ulidTimeMs } = await import('../../src/protocol/ulid.js');
    for (const id of ids) expect(new Date(ulidTimeMs(id)).toISOString()).toMatch(/^2026-03-01T10:00:/);
  });
});
