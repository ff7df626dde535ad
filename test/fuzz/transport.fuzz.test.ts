import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchPath } from '../../src/ledger/http/route.js';
import type { Draft } from './support/anchors.js';
import { diceArb } from './support/dice.js';
import { draftArb } from './support/draft-arbitrary.js';
import { ENDPOINTS, type Endpoint } from './support/endpoint-table.js';
import { currentState, exercise, rightKey, toWire } from './support/exercise.js';
import { startFuzzWorld, type FuzzWorld } from './support/fuzz-world.js';
import { HOSTILE_VALUES } from './support/hostile-values.js';
import { knownBugOf } from './support/known-bugs.js';
import { encodeSegment, type WireRequest } from './support/send-request.js';

/** Property runs per kind of transport fault below. */
export const TRANSPORT_RUNS = Number(process.env.FUZZ_TRANSPORT ?? 20);

// Endpoints are drawn by name, so a counterexample prints short.
const byName = (name: string) => ENDPOINTS.find((e) => e.name === name)!;
const endpointArb = fc.constantFrom(...ENDPOINTS.map((e) => e.name)).map(byName, (e) => (e as Endpoint).name);
const bodyEndpoints = ENDPOINTS.filter((e) => e.body);
const bodyEndpointArb = fc.constantFrom(...bodyEndpoints.map((e) => e.name)).map(byName, (e) => (e as Endpoint).name);

describe('the ledger under broken transport: paths, methods, keys, content types, JSON (pglite)', () => {
  let w: FuzzWorld;
  beforeAll(async () => {
    w = await startFuzzWorld('pglite');
  });
  afterAll(() => w.close());

  // A valid, anchored draft of `endpoint`, or undefined when it would hit a known bug.
  async function anchored(endpoint: Endpoint, generated: Draft, dice: Parameters<NonNullable<Endpoint['anchor']>>[2]) {
    const draft = structuredClone(generated);
    endpoint.anchor?.(draft, w, dice);
    return knownBugOf(endpoint, draft.body ?? draft.query ?? draft.params, await currentState(w)) ? undefined : draft;
  }

  async function expectRefused(endpoint: Endpoint | undefined, wire: WireRequest, status: number | undefined, code?: string): Promise<void> {
    const { reply, problems } = await exercise(w, endpoint, wire);
    const label = `${wire.method} ${wire.path.slice(0, 200)} ${JSON.stringify(wire.headers).slice(0, 200)} ${wire.body?.slice(0, 300)}\n=> ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`;
    expect(problems, label).toEqual([]);
    if (status !== undefined) expect(reply.status, label).toBe(status);
    if (code !== undefined) expect(reply.body.error?.code, label).toBe(code);
  }

  const segmentArb = fc.oneof(
    fc.stringMatching(/^[a-z0-9._~-]{0,12}$/),
    fc.constantFrom('v1', 'admin', 'push', '..', '.', '%2e%2e', '%', '%zz', '%ED%A0%80', '%00', 'terminals', 'revoke', 'x'.repeat(3000)),
    fc.constantFrom(...HOSTILE_VALUES.map((h) => encodeSegment(String(h.value).slice(0, 200)))),
  );
  const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH');

  it('answers paths it does not serve with 404 not_found, and a served path with another method with 405', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segmentArb, { minLength: 0, maxLength: 6 }), methodArb, async (segments, method) => {
        const path = `/${segments.join('/')}`;
        let pathname: string;
        try {
          // The ledger reads a target as a path, always (`//host/x` is not another host).
          pathname = new URL(`http://x${path}`).pathname;
        } catch {
          return;
        }
        const served = ENDPOINTS.filter((e) => matchPath(e.path, pathname));
        if (served.some((e) => e.method === method)) return;
        const wire = { method, path, headers: { authorization: `Bearer ${w.adminKey}` } };
        await expectRefused(undefined, wire, served.length > 0 ? 405 : 404, served.length > 0 ? 'method_not_allowed' : 'not_found');
      }),
      { numRuns: TRANSPORT_RUNS },
    );
  });

  it('answers every endpoint called with another method with 405 method_not_allowed', async () => {
    await fc.assert(
      fc.asyncProperty(endpointArb, methodArb, async (endpoint, method) => {
        if (method === endpoint.method || ENDPOINTS.some((e) => e.path === endpoint.path && e.method === method)) return;
        const wire = { method, path: endpoint.path.replace(':terminalId', 'fuzz-none'), headers: { authorization: `Bearer ${w.adminKey}`, 'content-type': 'application/json' }, ...(method === 'GET' ? {} : { body: '{}' }) };
        await expectRefused(undefined, wire, 405, 'method_not_allowed');
      }),
      { numRuns: TRANSPORT_RUNS },
    );
  });

  const KEY_FAULTS = ['none', 'garbage', 'revoked', 'basic', 'empty bearer', 'too long', 'admin prefix', 'wrong kind'] as const;

  it('answers a missing, unknown, revoked or malformed key with 401 and a key of the wrong kind with 403', async () => {
    await fc.assert(
      fc.asyncProperty(endpointArb, fc.constantFrom(...KEY_FAULTS), diceArb, async (endpoint, fault, dice) => {
        if (endpoint.auth === 'public' || (fault === 'wrong kind' && endpoint.auth === 'any')) return;
        const draft = await anchored(endpoint, fc.sample(draftArb(endpoint), { numRuns: 1, seed: dice.int(0, 1e9) })[0]!, dice);
        if (!draft) return;
        const key = {
          none: undefined,
          garbage: 'tp_terminal_not-a-key',
          revoked: w.revokedKey,
          basic: undefined,
          'empty bearer': undefined,
          'too long': 'k'.repeat(201),
          'admin prefix': `tp_admin_${'0'.repeat(40)}`,
          'wrong kind': endpoint.auth === 'admin' ? w.till.key : w.adminKey,
        }[fault];
        const wire = toWire(endpoint, draft, key);
        const headers: Record<string, string> = { ...wire.headers };
        if (fault === 'basic') headers.authorization = `Basic ${Buffer.from('a:b').toString('base64')}`;
        if (fault === 'empty bearer') headers.authorization = 'Bearer ';
        await expectRefused(endpoint, { ...wire, headers }, fault === 'wrong kind' ? 403 : 401, fault === 'wrong kind' ? 'forbidden' : 'unauthorized');
      }),
      { numRuns: TRANSPORT_RUNS },
    );
  });

  it('answers a till speaking for another till or store with 403 terminal_mismatch', async () => {
    const tillEndpoints = ENDPOINTS.filter((e) => e.auth === 'terminal');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...tillEndpoints.map((e) => e.name)).map(byName, (e) => (e as Endpoint).name), diceArb, fc.constantFrom('terminal', 'store', 'intent'), async (endpoint, dice, who) => {
        const draft = await anchored(endpoint, fc.sample(draftArb(endpoint), { numRuns: 1, seed: dice.int(0, 1e9) })[0]!, dice);
        const body = draft?.body as Record<string, any> | undefined;
        if (!body || body.terminalId !== w.till.terminalId) return;
        if (who === 'terminal') body.terminalId = w.otherTill.terminalId;
        if (who === 'store') body.storeId = w.otherTill.storeId;
        if (who === 'intent') {
          if (!Array.isArray(body.intents)) return;
          body.intents[body.intents.length - 1].storeId = w.otherTill.storeId;
        }
        await expectRefused(endpoint, toWire(endpoint, draft!, w.till.key), 403, 'terminal_mismatch');
      }),
      { numRuns: TRANSPORT_RUNS },
    );
  });

  it('answers a body that is not sent as application/json with 415 unsupported_media_type', async () => {
    const types = [undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'json', 'application/json-patch+json', 'application/vnd.api+json'];
    await fc.assert(
      fc.asyncProperty(bodyEndpointArb, fc.constantFrom(...types), diceArb, async (endpoint, type, dice) => {
        const draft = await anchored(endpoint, fc.sample(draftArb(endpoint), { numRuns: 1, seed: dice.int(0, 1e9) })[0]!, dice);
        if (!draft) return;
        const wire = toWire(endpoint, draft, rightKey(endpoint, w, dice));
        const { 'content-type': _drop, ...headers } = wire.headers;
        await expectRefused(endpoint, { ...wire, headers: type === undefined ? headers : { ...headers, 'content-type': type } }, 415, 'unsupported_media_type');
      }),
      { numRuns: TRANSPORT_RUNS },
    );
  });

  const brokenJson = fc.oneof(
    fc.record({ kind: fc.constant('truncated' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('byte' as const), at: fc.nat(), byte: fc.constantFrom('{', '}', '"', ',', '\\', '\u0000', 'NaN', '\uFFFF') }),
    fc.record({ kind: fc.constant('whole' as const), text: fc.constantFrom('', ' ', 'null', '[]', '"v1"', '1', 'true', '{"protocol":"v1"', '{}}', "{'a':1}", '{"a":1,}', '\uFEFF{}', 'undefined', '{"__proto__":{"x":1}}', '9'.repeat(400)) }),
  );

  it('answers broken JSON with a 400, whatever the endpoint', async () => {
    await fc.assert(
      fc.asyncProperty(bodyEndpointArb, brokenJson, diceArb, async (endpoint, broken, dice) => {
        const draft = await anchored(endpoint, fc.sample(draftArb(endpoint), { numRuns: 1, seed: dice.int(0, 1e9) })[0]!, dice);
        if (!draft) return;
        const wire = toWire(endpoint, draft, rightKey(endpoint, w, dice));
        const text = wire.body ?? '';
        const body =
          broken.kind === 'whole' ? broken.text
          : broken.kind === 'truncated' ? text.slice(0, broken.at % Math.max(text.length, 1))
          : text.slice(0, broken.at % text.length) + broken.byte + text.slice(broken.at % text.length);
        const { reply, problems } = await exercise(w, endpoint, { ...wire, body });
        expect(problems, `${wire.path} ${body.slice(0, 500)}`).toEqual([]);
        // A byte put into the body may leave valid JSON that says something else (another
        // terminal id: 403 terminal_mismatch): any typed answer will do, never a 5xx.
        expect(reply.status < 500, `${body.slice(0, 300)} => ${reply.status}`).toBe(true);
        if (broken.kind === 'whole') expect(reply.status).toBe(400);
      }),
      { numRuns: TRANSPORT_RUNS },
    );
  });

  it('answers a body larger than the limit with 413 body_too_large', async () => {
    for (const endpoint of bodyEndpoints) {
      // Path parameters (a hold's id) from the schema, so the path names an endpoint.
      const params = endpoint.params ? { params: fc.sample(draftArb(endpoint), { numRuns: 1, seed: 1 })[0]!.params! } : {};
      const wire = toWire(endpoint, { ...params, body: { protocol: 'v1', pad: 'x'.repeat(300 * 1024) } }, rightKey(endpoint, w, { chance: () => true } as never));
      await expectRefused(endpoint, wire, 413, 'body_too_large');
    }
  });
});
