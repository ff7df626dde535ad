import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, intentMaker, pushBody, startTestLedger, type TestLedger } from '../support/ledger-fixture.js';

const AT = new Date('2026-03-01T10:00:00.000Z');

/** One request to the ledger, in-process (`ledger.fetch`) or over its socket. */
type Send = (method: string, path: string, key?: string, body?: string) => Promise<Response>;

describe.each(DATABASES)('the ledger answers in-process as over HTTP (%s)', (kind) => {
  let t: TestLedger;
  let key: string;
  let inProcess: Send;
  let overHttp: Send;
  beforeAll(async () => {
    // A fixed clock: answers that carry a time are then the same whichever way they go.
    t = await startTestLedger(kind, { now: () => AT });
    key = await t.addTerminal('T1', 'S1');
    await t.addMembers([{ memberId: 'M1', cardNumber: '40001234', openingPoints: 100 }]);
    const init = (method: string, key?: string, body?: string): RequestInit => ({
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body }),
    });
    // Any host: the ledger reads only the path.
    inProcess = (method, path, key, body) => t.ledger.fetch(new Request(`http://ledger.in-process${path}`, init(method, key, body)));
    overHttp = (method, path, key, body) => fetch(t.url + path, init(method, key, body));
  });
  afterAll(() => t.close());

  const read = async (res: Response) => ({
    status: res.status,
    contentType: res.headers.get('content-type'),
    cacheControl: res.headers.get('cache-control'),
    body: await res.json(),
  });

  it('applies a push sent in-process, which the same push over HTTP then finds already applied', async () => {
    const make = intentMaker('T1', 'S1');
    const batch = pushBody('T1', 'S1', [make.accrue('M1', 40), make.redeem('M1', 15)]);
    const first = await read(await inProcess('POST', '/v1/push', key, JSON.stringify(batch)));
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe('no-store');
    expect(first.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['applied', 'applied']);
    const again = await read(await overHttp('POST', '/v1/push', key, JSON.stringify(batch)));
    expect(again.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(again.body.results.map((r: { original: unknown }) => r.original)).toEqual(first.body.results);
  });

  it('gives the same lookup answer, status and headers in-process and over HTTP', async () => {
    for (const path of ['/v1/members/lookup?card=40001234', '/v1/members/lookup?memberId=M1', '/v1/members/lookup?memberId=nobody']) {
      const local = await read(await inProcess('GET', path, key));
      expect(await read(await overHttp('GET', path, key))).toEqual(local);
    }
    const found = await read(await inProcess('GET', '/v1/members/lookup?memberId=M1', key));
    expect(found.body.member.memberId).toBe('M1');
    expect(found.body.member.balance.points).toBe(125);
  });

  it('refuses the same mistakes with the same status and code in-process and over HTTP', async () => {
    const oversized = JSON.stringify({ protocol: 'v1', pad: 'x'.repeat(5 * 1024 * 1024) });
    const mistakes: [string, string, string | undefined, string | undefined, number, string][] = [
      ['GET', '/v1/nothing-here', undefined, undefined, 404, 'not_found'],
      ['GET', '/v1/push', key, undefined, 405, 'method_not_allowed'],
      ['POST', '/v1/push', undefined, '{}', 401, 'unauthorized'],
      ['POST', '/v1/push', key, '{"protocol":', 400, 'invalid_json'],
      ['POST', '/v1/push', key, oversized, 413, 'body_too_large'],
    ];
    for (const [method, path, k, body, status, code] of mistakes) {
      for (const send of [inProcess, overHttp]) {
        const reply = await read(await send(method, path, k, body));
        expect({ path, status: reply.status, code: reply.body.error.code }).toEqual({ path, status, code });
      }
    }
  });

  it('answers a CORS preflight in-process as over HTTP', async () => {
    const preflight = (send: Send) => send('OPTIONS', '/v1/push');
    for (const send of [inProcess, overHttp]) {
      const res = await preflight(send);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-methods')).toBe('GET, POST');
    }
  });
});
