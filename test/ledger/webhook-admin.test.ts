import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const MISSING = 'wh_01JDW00000000000000000000Z';

describe.each(DATABASES)('the webhook admin endpoints (%s)', (kind) => {
  let t: TestLedger;
  let terminalKey: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    terminalKey = await t.addTerminal('T1', 'S1');
  });
  afterAll(() => t.close());

  it('makes a subscription with a secret shown once, lists it without the secret, disables, enables and deletes it', async () => {
    const made = await t.post('/v1/admin/webhooks', { protocol: 'v1', url: 'https://app.example.in/hooks', eventTypes: ['points.earned', 'tier.changed'], description: 'the app' }, t.adminKey);
    expect(made.status).toBe(201);
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = made.body.subscription.subscriptionId;
    expect(made.body.subscription).toMatchObject({ url: 'https://app.example.in/hooks', eventTypes: ['points.earned', 'tier.changed'], pending: 0, deadLetters: 0 });
    const listed = await t.get('/v1/admin/webhooks', t.adminKey);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.secret);
    expect(listed.body.subscriptions.map((s: { subscriptionId: string }) => s.subscriptionId)).toContain(id);
    const disabled = await t.post(`/v1/admin/webhooks/${id}/disable`, { protocol: 'v1' }, t.adminKey);
    expect(disabled.body.subscription.disabledAt).toBeDefined();
    const enabled = await t.post(`/v1/admin/webhooks/${id}/enable`, { protocol: 'v1' }, t.adminKey);
    expect(enabled.body.subscription.disabledAt).toBeUndefined();
    expect((await t.post(`/v1/admin/webhooks/${id}/delete`, { protocol: 'v1' }, t.adminKey)).body).toEqual({ protocol: 'v1', deleted: true });
    expect((await t.post(`/v1/admin/webhooks/${id}/delete`, { protocol: 'v1' }, t.adminKey)).body.error.code).toBe('webhook_not_found');
  });

  it('answers bad input with a 4xx and a stable code, and changes nothing', async () => {
    const before = (await t.get('/v1/admin/webhooks', t.adminKey)).body.subscriptions.length;
    const cases: [string, unknown, number, string][] = [
      ['/v1/admin/webhooks', { protocol: 'v1', url: 'ftp://example.in/x' }, 400, 'invalid_request'],
      ['/v1/admin/webhooks', { protocol: 'v1', url: 'https://user:pw@example.in/x' }, 400, 'invalid_request'],
      ['/v1/admin/webhooks', { protocol: 'v1', url: 'not a url' }, 400, 'invalid_request'],
      ['/v1/admin/webhooks', { protocol: 'v1', url: 'https://example.in/x', eventTypes: ['points.stolen'] }, 400, 'invalid_request'],
      ['/v1/admin/webhooks', { protocol: 'v1', url: 'https://example.in/x', eventTypes: [] }, 400, 'invalid_request'],
      [`/v1/admin/webhooks/${MISSING}/disable`, { protocol: 'v1' }, 404, 'webhook_not_found'],
      [`/v1/admin/webhooks/${MISSING}/replay`, { protocol: 'v1', eventId: '01JDW00000000000000000000Z' }, 404, 'webhook_not_found'],
      ['/v1/admin/webhooks/wh_nope/disable', { protocol: 'v1' }, 404, 'not_found'],
    ];
    for (const [path, body, status, code] of cases) {
      const r = await t.post(path, body, t.adminKey);
      expect([path, r.status, r.body.error.code]).toEqual([path, status, code]);
    }
    const made = await t.post('/v1/admin/webhooks', { protocol: 'v1', url: 'http://127.0.0.1:9/x' }, t.adminKey);
    const id = made.body.subscription.subscriptionId;
    const replay = await t.post(`/v1/admin/webhooks/${id}/replay`, { protocol: 'v1', eventId: '01JDW00000000000000000000Z' }, t.adminKey);
    expect([replay.status, replay.body.error.code]).toEqual([404, 'event_not_found']);
    const mixed = await t.post(`/v1/admin/webhooks/${id}/replay`, { protocol: 'v1', eventId: '01JDW00000000000000000000Z', fromEventId: '01JDW00000000000000000000Z' }, t.adminKey);
    expect([mixed.status, mixed.body.error.code]).toEqual([400, 'invalid_request']);
    const limit = await t.get(`/v1/admin/webhooks/${id}/dead-letters?limit=0`, t.adminKey);
    expect([limit.status, limit.body.error.code]).toEqual([400, 'invalid_request']);
    const asTill = await t.get('/v1/admin/webhooks', terminalKey);
    expect(asTill.status).toBe(403);
    await t.post(`/v1/admin/webhooks/${id}/delete`, { protocol: 'v1' }, t.adminKey);
    expect((await t.get('/v1/admin/webhooks', t.adminKey)).body.subscriptions).toHaveLength(before);
  });
});
