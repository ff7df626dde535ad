import { request, type ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

/** Resolves when the ledger has looked up a terminal key (authentication of a request). */
function whenKeyLookedUp(t: TestLedger): Promise<void> {
  const db = t.ledger.database;
  const query = db.query.bind(db);
  return new Promise((resolve) => {
    db.query = (async (sql: string, params?: readonly unknown[]) => {
      const rows = await query(sql, params);
      if (sql.includes('FROM terminals WHERE key_hash')) {
        db.query = query;
        resolve();
      }
      return rows;
    }) as typeof db.query;
  });
}

describe.each(DATABASES)('revocation is immediate (%s)', (kind) => {
  let t: TestLedger;
  beforeAll(async () => {
    t = await startTestLedger(kind);
    await t.addMembers([{ memberId: 'M1', openingPoints: 100 }]);
  });
  afterAll(() => t.close());

  it('applies nothing of a push whose key is revoked while its body is still arriving', async () => {
    const key = await t.addTerminal('T-late', 'S1');
    const make = intentMaker('T-late', 'S1');
    const body = Buffer.from(JSON.stringify(pushBody('T-late', 'S1', [make.accrue('M1', 10), make.redeem('M1', 50)])));
    const before = [await t.count('intents'), await t.count('journal')];

    const authenticated = whenKeyLookedUp(t);
    let req!: ClientRequest;
    const answered = new Promise<{ status: number; body: any }>((resolve, reject) => {
      req = request(new URL('/v1/push', t.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': body.length },
      }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      });
      req.on('error', reject);
    });
    // Headers and half the body: the ledger authenticates on the headers, then waits for the rest.
    req.flushHeaders();
    req.write(body.subarray(0, body.length >> 1));
    await authenticated;
    // The loyalty team revokes the key while the push is in flight; then the till finishes sending.
    expect((await t.post('/v1/admin/terminals/T-late/revoke', {}, t.adminKey)).status).toBe(200);
    req.end(body.subarray(body.length >> 1));

    const reply = await answered;
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('unauthorized');
    expect([await t.count('intents'), await t.count('journal')]).toEqual(before);
    expect((await t.get('/v1/members/lookup?memberId=M1', t.adminKey)).body.member.balance.points).toBe(100);
  });
});
