import { afterEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookEventSchema, type LedgerOptions } from '../../src/ledger/index.js';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';
import { manualTime } from '../support/manual-time.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../support/webhook-receiver.js';

const TILL = { terminalId: 'T1', storeId: 'S1' };
const POINTS_EVENTS = ['points.earned', 'points.redeemed', 'points.returned', 'points.adjusted'];
const WEBHOOKS = { timeoutMs: 5000, retryBaseMs: 1000, retryMaxMs: 60_000, deadLetterAfterMs: 600_000, concurrency: 4, pollMs: 3_600_000 };

/** Every request checked: signature valid, header id = body id, body as documented. */
function expectWellFormed(requests: readonly ReceivedRequest[], secret: string, now: Date) {
  for (const r of requests) {
    expect(verifyWebhookSignature(secret, r.headers['tillpoints-signature'] as string, r.rawBody, { now })).toMatchObject({ valid: true });
    expect(r.headers['tillpoints-event-id']).toBe(r.body.id);
    expect(webhookEventSchema.safeParse(r.body).success).toBe(true);
  }
}

interface ExpectedEvent {
  readonly id: string;
  readonly memberId: string;
  readonly sequence: number;
}

/**
 * Per member: a request for an event only once every earlier expected event of that member was
 * answered 2xx, and every expected event answered 2xx. A duplicate is the same id with the same bytes.
 */
function expectOrderedAndComplete(requests: readonly ReceivedRequest[], expected: readonly ExpectedEvent[]) {
  const deliveredIds = new Set<string>();
  const bodies = new Map<string, string>();
  for (const r of requests) {
    const { id, memberId, sequence } = r.body as ExpectedEvent;
    const waiting = expected.filter((e) => e.memberId === memberId && e.sequence < sequence && !deliveredIds.has(e.id));
    expect(waiting.map((e) => e.sequence), `member ${memberId} got event ${sequence} before an earlier one was delivered`).toEqual([]);
    if (bodies.has(id)) expect(r.rawBody).toBe(bodies.get(id));
    bodies.set(id, r.rawBody);
    if (r.status === 200) deliveredIds.add(id);
  }
  expect(expected.filter((e) => !deliveredIds.has(e.id)).map((e) => e.id)).toEqual([]);
  expect([...deliveredIds].filter((id) => !expected.some((e) => e.id === id))).toEqual([]);
}

describe.each(DATABASES)('webhook delivery to a real receiver (%s)', (kind) => {
  let t: TestLedger | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await t?.close();
    await receiver?.stop();
    t = undefined;
    receiver = undefined;
  });

  async function start(options: Omit<LedgerOptions, 'database'> = {}) {
    const time = manualTime();
    const errors: unknown[] = [];
    t = await startTestLedger(kind, { now: time.now, webhooks: { ...WEBHOOKS, timers: time.timers }, onError: (e) => errors.push(e), ...options });
    receiver = await startWebhookReceiver();
    const key = await t.addTerminal(TILL.terminalId, TILL.storeId);
    await t.addMembers([{ memberId: 'asha' }, { memberId: 'ravi' }, { memberId: 'meera' }]);
    return { t, time, key, errors, receiver, till: intentMaker(TILL.terminalId, TILL.storeId) };
  }

  async function subscribe(t: TestLedger, url: string, eventTypes: string[] | undefined = POINTS_EVENTS) {
    const r = await t.post('/v1/admin/webhooks', { protocol: 'v1', url, ...(eventTypes ? { eventTypes } : {}) }, t.adminKey);
    expect(r.status).toBe(201);
    return r.body as { subscription: { subscriptionId: string }; secret: string };
  }

  async function events(t: TestLedger, types = POINTS_EVENTS): Promise<ExpectedEvent[]> {
    const rows = await t.ledger.database.query(`SELECT event_id, member_id, member_seq FROM webhook_events WHERE type = ANY($1::text[])`, [types]);
    return rows.map((r) => ({ id: String(r.event_id), memberId: String(r.member_id), sequence: Number(r.member_seq) }));
  }

  it('delivers every event through a receiver that fails, hangs and restarts: none lost, none out of order per member', async () => {
    const { t, time, key, receiver, till, errors } = await start();
    const { secret } = await subscribe(t, receiver.url);
    const push = async (intents: ReturnType<typeof till.accrue>[]) =>
      expect((await t.post('/v1/push', pushBody(TILL.terminalId, TILL.storeId, intents), key)).status).toBe(200);

    receiver.mode = 500;
    await push([till.accrue('asha', 100), till.accrue('ravi', 50)]);
    await receiver.waitFor(2);
    await t.ledger.webhooksSettled();

    receiver.hangNext = 1;
    time.advanceToNextTimer(); // the first retry is due (each member's at its own jittered time)
    await receiver.waitFor(3);
    expect(receiver.received[2]!.status).toBeUndefined(); // it hangs (the other member's retry gets a 500)
    time.advance(WEBHOOKS.timeoutMs); // past its timeout
    await t.ledger.webhooksSettled();

    await receiver.stop();
    await push([till.accrue('asha', 20), till.redeem('asha', 30), till.accrue('ravi', 10), till.accrue('meera', 70)]);
    await t.ledger.webhooksSettled();

    receiver.mode = 200;
    await receiver.start(); // on the same port
    const expected = await events(t);
    expect(expected).toHaveLength(6);
    for (let i = 0; i < 200 && new Set(receiver.received.filter((r) => r.status === 200).map((r) => r.body.id)).size < expected.length; i++) {
      time.advanceToNextTimer();
      await t.ledger.webhooksSettled();
    }
    expectWellFormed(receiver.received, secret, time.now());
    expectOrderedAndComplete(receiver.received, expected);
    expect(receiver.received.filter((r) => r.body.memberId === 'asha' && r.status === 200).map((r) => r.body.type)).toEqual([
      'points.earned',
      'points.earned',
      'points.redeemed',
    ]);
    const pending = await t.get('/v1/admin/webhooks', t.adminKey);
    expect(pending.body.subscriptions[0]).toMatchObject({ pending: 0, deadLetters: 0 });
  });

  it('writes no event for a refused intent, and the member sequence has no gap', async () => {
    const { t, key, receiver, till } = await start();
    await subscribe(t, receiver.url);
    const r = await t.post('/v1/push', pushBody(TILL.terminalId, TILL.storeId, [till.redeem('asha', 500), till.accrue('asha', 40)]), key);
    expect(r.body.results.map((x: { outcome: string }) => x.outcome)).toEqual(['rejected', 'applied']);
    await receiver.waitFor(1);
    await t.ledger.webhooksSettled();
    const rows = await t.ledger.database.query(`SELECT type, member_seq FROM webhook_events WHERE member_id = 'asha' ORDER BY member_seq`);
    expect(rows.map((x) => [x.type, Number(x.member_seq)])).toEqual([
      ['member.enrolled', 1],
      ['points.earned', 2],
    ]);
    expect(receiver.received.map((x) => x.body.type)).toEqual(['points.earned']);
  });

  it('moves a delivery that keeps failing to the dead letters, reports it, sends the member’s next event, and replays it on request', async () => {
    const { t, time, key, receiver, till, errors } = await start({});
    const { subscription } = await subscribe(t, receiver.url);
    receiver.mode = 500;
    await t.post('/v1/push', pushBody(TILL.terminalId, TILL.storeId, [till.accrue('asha', 10), till.accrue('asha', 20)]), key);
    await receiver.waitFor(1);
    await t.ledger.webhooksSettled();
    for (let i = 0; i < 200 && errors.length === 0; i++) {
      expect(receiver.received.every((r) => r.body.sequence === 2)).toBe(true); // the second waits behind the first
      time.advanceToNextTimer();
      await t.ledger.webhooksSettled();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'WebhookDeadLetterError', subscriptionId: subscription.subscriptionId });
    const dead = await t.get(`/v1/admin/webhooks/${subscription.subscriptionId}/dead-letters`, t.adminKey);
    expect(dead.status).toBe(200);
    expect(dead.body.deadLetters).toHaveLength(1);
    expect(dead.body.deadLetters[0]).toMatchObject({ type: 'points.earned', memberId: 'asha', sequence: 2, lastError: 'HTTP 500' });

    receiver.mode = 200;
    const before = receiver.received.length;
    time.advanceToNextTimer(); // the member's next event goes now that the first is a dead letter
    await receiver.waitFor(before + 1);
    await t.ledger.webhooksSettled();
    expect(receiver.received.at(-1)!.body.sequence).toBe(3);

    const replay = await t.post(`/v1/admin/webhooks/${subscription.subscriptionId}/replay`, { protocol: 'v1', eventId: dead.body.deadLetters[0].eventId }, t.adminKey);
    expect(replay.body).toEqual({ protocol: 'v1', replayed: 1, lastEventId: dead.body.deadLetters[0].eventId });
    await receiver.waitFor(before + 2);
    await t.ledger.webhooksSettled();
    expect(receiver.received.at(-1)!.body.id).toBe(dead.body.deadLetters[0].eventId);
    expect((await t.get(`/v1/admin/webhooks/${subscription.subscriptionId}/dead-letters`, t.adminKey)).body.deadLetters).toEqual([]);
  });
});
