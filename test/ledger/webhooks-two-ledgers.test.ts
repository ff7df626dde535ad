import { describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { createPostgresDatabase, DATABASES, GENEROUS_LIMITS, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { manualTime } from '../support/manual-time.js';
import { freshPglite } from '../support/pglite-template.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';

const MEMBERS = ['asha', 'ravi', 'meera', 'kiran', 'dev'];

describe.each(DATABASES)('two ledgers delivering from one database (%s)', (kind) => {
  it('share the deliveries: every event delivered, in order per member, a duplicate only with the same id', async () => {
    const pg = kind === 'postgres' ? await createPostgresDatabase() : undefined;
    const embedded = pg ? undefined : await freshPglite();
    const database = () => (pg ? { kind: 'postgres' as const, url: pg.url } : { kind: 'shared' as const, database: embedded! });
    const receiver = await startWebhookReceiver();
    const time = manualTime();
    const options = { limits: GENEROUS_LIMITS, now: time.now, webhooks: { timers: time.timers, concurrency: 3 }, onError: () => {} };
    const ledgers: Ledger[] = [];
    try {
      const a = await createLedger({ database: database(), ...options });
      ledgers.push(a);
      const call = (ledger: Ledger, path: string, key: string, body: unknown) =>
        ledger.fetch(new Request(`http://ledger${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      const adminKey = a.adminKey!;
      await call(a, '/v1/admin/webhooks', adminKey, { protocol: 'v1', url: receiver.url, eventTypes: ['points.earned'] });
      await call(a, '/v1/admin/members', adminKey, { protocol: 'v1', members: MEMBERS.map((memberId) => ({ memberId })) });
      const keyA = (await (await call(a, '/v1/admin/terminals', adminKey, { protocol: 'v1', terminalId: 'TA', storeId: 'S' })).json()).apiKey;
      const keyB = (await (await call(a, '/v1/admin/terminals', adminKey, { protocol: 'v1', terminalId: 'TB', storeId: 'S' })).json()).apiKey;
      const b = await createLedger({ database: database(), ...options });
      ledgers.push(b);
      const tillA = intentMaker('TA', 'S');
      const tillB = intentMaker('TB', 'S');
      for (let round = 0; round < 4; round++) {
        // Both ledgers apply bills for the same members at once, and both deliver.
        await Promise.all([
          call(a, '/v1/push', keyA, pushBody('TA', 'S', MEMBERS.map((m, i) => tillA.accrue(m, 10 + i)))),
          call(b, '/v1/push', keyB, pushBody('TB', 'S', MEMBERS.map((m, i) => tillB.accrue(m, 20 + i)))),
        ]);
      }
      const expected = await a.database.query(`SELECT event_id, member_id, member_seq FROM webhook_events WHERE type = 'points.earned'`);
      expect(expected).toHaveLength(40);
      const delivered = () => new Set(receiver.received.filter((r) => r.status === 200).map((r) => r.body.id)).size;
      for (let i = 0; i < 100 && delivered() < expected.length; i++) {
        await Promise.all(ledgers.map((l) => l.webhooksSettled()));
        if (delivered() < expected.length) time.advanceToNextTimer();
      }
      expect(delivered()).toBe(expected.length);
      const bodies = new Map<string, string>();
      const seen = new Map<string, number>();
      for (const r of receiver.received) {
        if (bodies.has(r.body.id)) expect(r.rawBody).toBe(bodies.get(r.body.id));
        bodies.set(r.body.id, r.rawBody);
        // Each member's events arrive in sequence order.
        expect(r.body.sequence).toBeGreaterThanOrEqual(seen.get(r.body.memberId) ?? 0);
        seen.set(r.body.memberId, r.body.sequence);
      }
      // Nothing is left pending or dead.
      const pending = await a.database.query(`SELECT count(*)::int AS n FROM webhook_deliveries`);
      expect(pending[0]!.n).toBe(0);
    } finally {
      for (const l of ledgers) await l.close();
      await receiver.stop();
      await embedded?.close();
      await pg?.drop();
    }
  });
});
