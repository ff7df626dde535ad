import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

// Far from the machine's clock, so a time read from anywhere else shows.
const AT = '2031-07-04T12:00:00.000Z';

describe("times in the ledger's answers come from its clock (the `now` option)", () => {
  let t: TestLedger;
  beforeAll(async () => {
    t = await startTestLedger('postgres', { now: () => new Date(AT) });
  });
  afterAll(() => t.close());

  it("dates a published ruleset by the ledger's clock", async () => {
    const published = await t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset: { ...fashionRuleset, version: 1 } }, t.adminKey);
    expect(published.status).toBe(201);
    expect(published.body.publishedAt).toBe(AT);
    expect((await t.get('/v1/rulesets/current', t.adminKey)).body.publishedAt).toBe(AT);
  });

  it("dates admin keys' making, use and revocation by the ledger's clock", async () => {
    const made = await t.post('/v1/admin/keys', { protocol: 'v1', label: 'second' }, t.adminKey);
    expect(made.body.key.createdAt).toBe(AT);
    await t.get('/v1/admin/trial-balance', made.body.apiKey);
    const revoked = await t.post(`/v1/admin/keys/${made.body.key.keyId}/revoke`, {}, t.adminKey);
    expect(revoked.status).toBe(200);
    expect(revoked.body.key).toMatchObject({ createdAt: AT, revokedAt: AT, lastUsedAt: AT });
    const listed = await t.get('/v1/admin/keys', t.adminKey);
    for (const key of listed.body.keys) expect(key.createdAt).toBe(AT);
  });
});
