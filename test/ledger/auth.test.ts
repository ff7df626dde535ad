import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

describe.each(DATABASES)('authentication and authorisation (%s)', (kind) => {
  let t: TestLedger;
  let t1: string;
  let t2: string;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    t1 = await t.addTerminal('T1', 'S1');
    t2 = await t.addTerminal('T2', 'S2');
    await t.addMembers([{ memberId: 'M1', openingPoints: 100 }]);
  });
  afterAll(() => t.close());

  async function expectNothingWritten(journalBefore: number) {
    expect(await t.count('journal')).toBe(journalBefore);
  }

  it('refuses a push without a key, with a malformed header, or with an unknown key', async () => {
    const body = pushBody('T1', 'S1', [intentMaker('T1', 'S1').accrue('M1', 10)]);
    const before = await t.count('journal');
    const noKey = await fetch(`${t.url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).error.code).toBe('unauthorized');
    const basic = await fetch(`${t.url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic dXNlcjpwYXNz' },
      body: JSON.stringify(body),
    });
    expect(basic.status).toBe(401);
    const unknown = await t.post('/v1/push', body, 'tp_term_not-a-real-key');
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.code).toBe('unauthorized');
    await expectNothingWritten(before);
  });

  it('stores keys only as hashes', async () => {
    const rows = await t.ledger.database.query('SELECT key_hash FROM terminals');
    expect(rows.map((r) => r.key_hash)).not.toContain(t1);
    const admin = await t.ledger.database.query('SELECT key_hash FROM admin_keys');
    expect(admin.map((r) => r.key_hash)).not.toContain(t.adminKey);
  });

  it('refuses a terminal that speaks for another terminal or another store', async () => {
    const before = await t.count('journal');
    const asOther = await t.post('/v1/push', pushBody('T2', 'S2', [intentMaker('T2', 'S2').accrue('M1', 10)]), t1);
    expect(asOther.status).toBe(403);
    expect(asOther.body.error.code).toBe('terminal_mismatch');
    // Right envelope, but one intent claims another store.
    const mixed = pushBody('T1', 'S1', [intentMaker('T1', 'S1').accrue('M1', 10), intentMaker('T1', 'S2').accrue('M1', 10)]);
    mixed.intents[1]!.seq = 2;
    const r = await t.post('/v1/push', mixed, t1);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('terminal_mismatch');
    const pull = await t.post('/v1/pull', { protocol: 'v1', terminalId: 'T1', storeId: 'S1', cursor: null }, t2);
    expect(pull.status).toBe(403);
    await expectNothingWritten(before);
  });

  it('keeps admin endpoints for admin keys and the terminal endpoints for terminal keys', async () => {
    const members = await t.post('/v1/admin/members', { protocol: 'v1', members: [{ memberId: 'X' }] }, t1);
    expect(members.status).toBe(403);
    expect(members.body.error.code).toBe('forbidden');
    const terminal = await t.post('/v1/admin/terminals', { protocol: 'v1', terminalId: 'T9', storeId: 'S1' }, t1);
    expect(terminal.status).toBe(403);
    expect((await t.get('/v1/admin/trial-balance', t1)).status).toBe(403);
    const push = await t.post('/v1/push', pushBody('T1', 'S1', [intentMaker('T1', 'S1').accrue('M1', 1)]), t.adminKey);
    expect(push.status).toBe(403);
    expect(await t.count('members')).toBe(1);
    expect(await t.count('terminals')).toBe(2);
  });

  it('revokes a terminal key at once and for good', async () => {
    const key = await t.addTerminal('T3', 'S1');
    const make = intentMaker('T3', 'S1');
    expect((await t.post('/v1/push', pushBody('T3', 'S1', [make.accrue('M1', 1)]), key)).status).toBe(200);
    const revoke = await t.post('/v1/admin/terminals/T3/revoke', {}, t.adminKey);
    expect(revoke.status).toBe(200);
    const before = await t.count('journal');
    const after = await t.post('/v1/push', pushBody('T3', 'S1', [make.accrue('M1', 1)]), key);
    expect(after.status).toBe(401);
    await expectNothingWritten(before);
    expect((await t.post('/v1/admin/terminals/NOPE/revoke', {}, t.adminKey)).status).toBe(404);
  });

  it('refuses to register the same terminal id twice', async () => {
    const r = await t.post('/v1/admin/terminals', { protocol: 'v1', terminalId: 'T1', storeId: 'S9' }, t.adminKey);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('terminal_exists');
  });

  it('answers health without a key', async () => {
    const res = await fetch(`${t.url}/v1/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, protocol: 'v1', database: kind });
  });
});

describe('browser tills on another origin', () => {
  it('answers a CORS preflight and lets only the configured origins read answers', async () => {
    const t = await startTestLedger('pglite', { corsOrigins: ['https://pos.example.in'] });
    try {
      const preflight = await fetch(`${t.url}/v1/push`, {
        method: 'OPTIONS',
        headers: { origin: 'https://pos.example.in', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://pos.example.in');
      expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
      const allowed = await fetch(`${t.url}/v1/health`, { headers: { origin: 'https://pos.example.in' } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://pos.example.in');
      const other = await fetch(`${t.url}/v1/health`, { headers: { origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await t.close();
    }
  });
});
