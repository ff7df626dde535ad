import { afterEach, describe, expect, it } from 'vitest';
import { createLedger, webhookEventSchema, type Ledger } from '../../src/ledger/index.js';
import { instantColumn } from '../../src/ledger/sql/columns.js';
import type { SqlDatabase } from '../../src/ledger/sql/sql-database.js';
import { createPostgresDatabase, DATABASES, GENEROUS_LIMITS, intentMaker, pushBody, type DatabaseKind } from '../support/ledger-fixture.js';
import { manualTime } from '../support/manual-time.js';
import { freshPglite } from '../support/pglite-template.js';
import { startWebhookReceiver } from '../support/webhook-receiver.js';
import { startRedemptionWorld, type RedemptionWorld } from './support/redemption-world.js';

const TILL = { terminalId: 'T1', storeId: 'S1' };

/** Every event of a member as a receiver would get it, in sequence order. */
async function memberEvents(db: SqlDatabase, memberId: string) {
  const rows = await db.query(
    `SELECT event_id, type, member_id, member_seq, occurred_at, data FROM webhook_events WHERE member_id = $1 ORDER BY member_seq`,
    [memberId],
  );
  return rows.map((r) => ({
    id: String(r.event_id),
    type: String(r.type),
    memberId: String(r.member_id),
    sequence: Number(r.member_seq),
    occurredAt: instantColumn(r.occurred_at),
    data: r.data as Record<string, unknown>,
  }));
}

describe.each(DATABASES)('the webhook events the ledger writes (%s)', (kind) => {
  let w: RedemptionWorld | undefined;
  afterEach(async () => {
    await w?.t.close();
    w = undefined;
  });

  it('writes one event per movement, numbered per member with no gap, each as its schema says', async () => {
    w = await startRedemptionWorld(kind);
    const key = await w.t.addTerminal(TILL.terminalId, TILL.storeId);
    await w.t.addManager(TILL.storeId);
    await w.t.addMembers([{ memberId: 'asha', openingPoints: 1000 }]);
    const till = intentMaker(TILL.terminalId, TILL.storeId);
    const placed = await w.hold(key, TILL, 'asha', 100, undefined, 'BILL-H1');
    await w.voidHold(key, TILL, placed.body.hold.holdId);
    const second = await w.hold(key, TILL, 'asha', 200, undefined, 'BILL-H2');
    const redeemed = { ...till.redeem('asha', 150), basis: 'hold' as const, holdId: second.body.hold.holdId };
    const earned = till.accrue('asha', 300, 'BILL-7');
    const push = await w.t.post(
      '/v1/push',
      pushBody(TILL.terminalId, TILL.storeId, [
        redeemed,
        earned,
        till.reverse('asha', earned.intentId, 300),
        till.adjust('asha', -25),
      ]),
      key,
    );
    expect(push.body.results, JSON.stringify(push.body)).toBeDefined();
    expect(push.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied']);

    const events = await memberEvents(w.t.ledger.database, 'asha');
    expect(events.map((e) => e.type)).toEqual([
      'member.enrolled',
      'points.adjusted',
      'hold.placed',
      'hold.voided',
      'hold.placed',
      'points.redeemed',
      'points.earned',
      'points.returned',
      'points.adjusted',
      'hold.captured', // a batch's holds are saved after its intents
    ]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const event of events) expect(webhookEventSchema.safeParse(event).error).toBeUndefined();
    expect(events[6]!.data).toMatchObject({ intentId: earned.intentId, points: 300, billId: 'BILL-7', storeId: 'S1', terminalId: 'T1' });
    expect(events[8]!.data).toMatchObject({ points: -25 });
    expect(events[2]!.data).toMatchObject({ holdId: placed.body.hold.holdId, points: 100, billId: 'BILL-H1' });
    // The balance an event carries is the member's after it: the last one matches the ledger's.
    expect((events[8]!.data.balance as { points: number }).points).toBe((await w.balance('asha')).points);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    // Each id is a ULID of the event's time (its first 10 characters, base32, in milliseconds).
    const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    for (const e of events) {
      expect(e.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      const ms = [...e.id.slice(0, 10)].reduce((n, c) => n * 32 + CROCKFORD.indexOf(c), 0);
      expect(ms).toBe(Date.parse(e.occurredAt));
    }
  });
});

describe.each(DATABASES)('webhooks across a dropped ledger (%s)', (kind: DatabaseKind) => {
  it('a ledger dropped without close after applying bills leaves them to the next ledger on the database, which delivers them', async () => {
    const pg = kind === 'postgres' ? await createPostgresDatabase() : undefined;
    const embedded = pg ? undefined : await freshPglite();
    const database = () => (pg ? { kind: 'postgres' as const, url: pg.url } : { kind: 'shared' as const, database: embedded! });
    const receiver = await startWebhookReceiver();
    await receiver.stop(); // down while the first ledger runs
    const time1 = manualTime();
    const first = await createLedger({ database: database(), limits: GENEROUS_LIMITS, now: time1.now, webhooks: { timers: time1.timers }, onError: () => {} });
    let second: Ledger | undefined;
    try {
      const adminKey = first.adminKey!;
      const admin = (path: string, body: unknown) =>
        first.fetch(new Request(`http://ledger${path}`, { method: 'POST', headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      const made = await admin('/v1/admin/webhooks', { protocol: 'v1', url: receiver.url, eventTypes: ['points.earned'] });
      expect(made.status, await made.clone().text()).toBe(201);
      const terminal = await (await admin('/v1/admin/terminals', { protocol: 'v1', ...TILL })).json();
      await admin('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'asha' }, { memberId: 'ravi' }] });
      const till = intentMaker(TILL.terminalId, TILL.storeId);
      const pushed = await first.fetch(
        new Request('http://ledger/v1/push', {
          method: 'POST',
          headers: { authorization: `Bearer ${terminal.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(pushBody(TILL.terminalId, TILL.storeId, [till.accrue('asha', 10), till.accrue('ravi', 20), till.accrue('asha', 30)])),
        }),
      );
      expect(pushed.status).toBe(200);
      await first.webhooksSettled(); // its attempts failed: the receiver is down
      expect(await first.database.query(`SELECT state, attempts FROM webhook_deliveries ORDER BY position`)).toEqual([
        { state: 'pending', attempts: 1 },
        { state: 'pending', attempts: 1 },
        { state: 'pending', attempts: 0 }, // asha's second waits behind her first
      ]);
      // The first ledger is dropped here: never closed, its timers never run again.

      await receiver.start();
      const time2 = manualTime(time1.now().getTime() + 60_000);
      second = await createLedger({ database: database(), limits: GENEROUS_LIMITS, now: time2.now, webhooks: { timers: time2.timers }, onError: () => {} });
      await receiver.waitFor(3);
      await second.webhooksSettled();
      expect(receiver.received.map((r) => [r.body.memberId, r.body.data.points, r.status])).toEqual(
        expect.arrayContaining([
          ['asha', 10, 200],
          ['ravi', 20, 200],
        ]),
      );
      const asha = receiver.received.filter((r) => r.body.memberId === 'asha').map((r) => r.body.data.points);
      expect(asha).toEqual([10, 30]);
      expect(receiver.received).toHaveLength(3);
    } finally {
      await second?.close();
      await receiver.stop();
      await embedded?.close();
      await pg?.drop();
    }
  });
});
