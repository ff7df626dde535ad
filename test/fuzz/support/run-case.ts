import { expect } from 'vitest';
import { ENDPOINTS } from './endpoint-table.js';
import { exercise, toWire } from './exercise.js';
import type { FuzzWorld } from './fuzz-world.js';
import type { CaseRequest, HostileCase } from './hostile-case.js';
import type { WireRequest } from './send-request.js';

function keyOf(w: FuzzWorld, key: CaseRequest['key'], auth: string | undefined): string | undefined {
  if (key === undefined) return auth === 'admin' ? w.adminKey : auth === 'public' ? undefined : w.till.key;
  if (typeof key === 'object') return key.literal;
  return { till: w.till.key, other: w.otherTill.key, admin: w.adminKey, none: undefined }[key];
}

function parsedOrText(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Runs one named case: sends its request, checks the suite's invariants (no 5xx, a typed
 * refusal, nothing written by a refusal, a push moves only what it applied) and its expectation.
 */
export async function runCase(w: FuzzWorld, c: HostileCase): Promise<void> {
  const endpoint = ENDPOINTS.find((e) => e.name === c.endpoint);
  if (c.endpoint !== undefined && !endpoint) throw new Error(`no endpoint ${c.endpoint} in the table`);
  const prepared = c.setup ? await c.setup(w) : undefined;
  w.state = undefined; // the setup (and the request builder) may have written
  const req = c.request(w, prepared);
  w.state = undefined;
  const key = keyOf(w, req.key, endpoint?.auth ?? 'admin');
  const base: WireRequest = endpoint
    ? toWire(endpoint, req.draft ?? {}, key)
    : { method: 'GET', path: '/', headers: key ? { authorization: `Bearer ${key}` } : {} };
  const wire: WireRequest = { ...base, ...req.wire, headers: req.wire?.headers ?? base.headers };
  const { reply, problems } = await exercise(w, endpoint, wire, { body: parsedOrText(wire.body) });
  const label = `${c.name}: ${wire.method} ${wire.path.slice(0, 120)} => ${reply.status} ${JSON.stringify(reply.body).slice(0, 400)}`;
  expect(problems, label).toEqual([]);
  const x = c.expect;
  const last = reply.status === 200 && Array.isArray(reply.body?.results) ? reply.body.results.at(-1) : undefined;
  if ('status' in x) {
    expect(reply.status, label).toBe(x.status);
    if (x.code) expect(reply.body.error.code, label).toBe(x.code);
    if (x.body) expect(reply.body, label).toMatchObject(x.body);
  } else if ('refused' in x) {
    expect(reply.status >= 400 && reply.status < 500, label).toBe(true);
  } else if ('answered' in x) {
    expect(reply.status, label).toBeLessThan(500);
  } else if ('invalidIntent' in x) {
    const batch400 = reply.status === 400 && reply.body.error.code === 'invalid_request';
    expect(batch400 || last?.outcome === 'rejected', label).toBe(true);
  } else {
    expect(last?.outcome, label).toBe(x.outcome);
    if (x.reason) expect(last?.reason, label).toBe(x.reason);
  }
}
