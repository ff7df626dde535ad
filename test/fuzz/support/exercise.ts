import { MAX_AMOUNT } from '../../../src/protocol/index.js';
import type { Draft } from './anchors.js';
import { problemsWithAnswer } from './check-answer.js';
import { problemsWithState } from './check-state.js';
import type { Dice } from './dice.js';
import type { Endpoint } from './endpoint-table.js';
import type { FuzzWorld } from './fuzz-world.js';
import { takeSnapshot, type LedgerSnapshot } from './ledger-snapshot.js';
import { encodeQuery, encodeSegment, sendRequest, type WireReply, type WireRequest } from './send-request.js';

/** The key an endpoint expects: a till's, the loyalty team's, either, or none. */
export function rightKey(endpoint: Endpoint, w: FuzzWorld, d: Dice): string | undefined {
  if (endpoint.auth === 'terminal') return w.till.key;
  if (endpoint.auth === 'admin') return w.adminKey;
  if (endpoint.auth === 'any') return d.chance(0.5) ? w.till.key : w.adminKey;
  return undefined;
}

/** A drafted request on the wire, with the right key and content type. */
export function toWire(endpoint: Endpoint, draft: Draft, key: string | undefined): WireRequest {
  const path = endpoint.path.replace(/:(\w+)/g, (_, name: string) => encodeSegment(draft.params?.[name]));
  return {
    method: endpoint.method,
    path: path + (endpoint.query ? encodeQuery(draft.query) : ''),
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(endpoint.body ? { 'content-type': 'application/json' } : {}),
    },
    ...(endpoint.body ? { body: JSON.stringify(draft.body) ?? '' } : {}),
  };
}

/** What one request did: the answer and everything found wrong with it. */
export interface Outcome {
  readonly reply: WireReply;
  readonly problems: readonly string[];
}

/**
 * Sends one request and checks the answer and the ledger's state around it (see
 * `problemsWithAnswer` and `problemsWithState`). Learns what a success made, for later runs.
 */
export async function exercise(w: FuzzWorld, endpoint: Endpoint | undefined, wire: WireRequest, draft?: Draft): Promise<Outcome> {
  const start = await currentState(w);
  const reply = await sendRequest(w.t.url, wire);
  const sent = draft?.body;
  const problems = problemsWithAnswer(endpoint, sent, reply);
  const after = await takeSnapshot(w.t);
  const trial = await sendRequest(w.t.url, { method: 'GET', path: '/v1/admin/trial-balance', headers: { authorization: `Bearer ${w.adminKey}` } });
  problems.push(...(await problemsWithState(w.t, endpoint, start, after, reply, trial)));
  if (problems.length === 0 && reply.status < 300 && endpoint?.learn && draft) endpoint.learn(draft, reply, w);
  w.state = (await keepInBounds(w, after)) ? undefined : after;
  return { reply, problems };
}

/** The ledger's state now: the one the last request left, or read afresh. */
export async function currentState(w: FuzzWorld): Promise<LedgerSnapshot> {
  w.state ??= await takeSnapshot(w.t);
  return w.state;
}

/**
 * Brings any member whose balance left ±MAX_AMOUNT back towards zero with admin
 * adjustments, so a run's big amounts never push a shared member past the balance schema.
 * Returns whether it moved any.
 */
export async function keepInBounds(w: FuzzWorld, state: LedgerSnapshot): Promise<boolean> {
  let moved = false;
  for (const [memberId, row] of state.members) {
    let points = row.points;
    while (Math.abs(points) > MAX_AMOUNT) {
      const move = Math.min(MAX_AMOUNT, Math.abs(points) - 1_000) * (points > 0 ? -1 : 1);
      const reply = await w.t.post(
        '/v1/admin/adjustments',
        { protocol: 'v1', adjustments: [{ intentId: w.nextUlid(), memberId, points: move, reason: 'fuzz: keep in bounds', approvedBy: 'fuzz' }] },
        w.adminKey,
      );
      if (reply.status !== 200 || reply.body.results[0].outcome !== 'applied') throw new Error(`cannot bring ${memberId} back in bounds: ${JSON.stringify(reply.body)}`);
      points += move;
      moved = true;
    }
  }
  return moved;
}
