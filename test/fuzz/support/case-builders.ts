import type { Draft } from './anchors.js';
import type { FuzzWorld } from './fuzz-world.js';
import { sendRequest } from './send-request.js';
import { TEST_MANAGER } from '../../support/ledger-fixture.js';

type Obj = Record<string, any>;

const recent = () => new Date(Date.now() - 60_000).toISOString();

/** A valid intent of the fuzz till for member `m-1`, fresh id and seq; `over` replaces fields (undefined removes). */
export function intent(w: FuzzWorld, kind: 'accrue' | 'redeem' | 'reverse' | 'adjust' | 'enrol', over: Obj = {}): Obj {
  const base: Obj = { intentId: w.nextUlid(), terminalId: w.till.terminalId, storeId: w.till.storeId, memberId: 'm-1', seq: w.nextSeq(), occurredAt: recent(), kind };
  const byKind: Record<string, Obj> = {
    accrue: { points: 10, bill: { billId: w.fresh('B'), amountPaise: 1_000 } },
    redeem: { points: 1 },
    reverse: { originalIntentId: w.nextUlid(), points: 1 },
    adjust: { points: 5, reason: 'fuzz', approvedBy: 'manager-1', approval: TEST_MANAGER },
    enrol: { consents: ['loyalty_terms'] },
  };
  const out: Obj = { ...base, ...byKind[kind], ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete out[k];
  return out;
}

/** A bill line of `rupees` in category apparel (earns by the fashion ruleset). */
export function line(lineId: string, rupees = 1_000, over: Obj = {}): Obj {
  return { lineId, sku: `SKU-${lineId}`, category: 'apparel', quantity: 1, unitPricePaise: rupees * 100, amountPaise: rupees * 100, ...over };
}

/** An accrual with bill lines; without a `rulesetVersion` the ledger earns it by the ruleset in force. */
export function billAccrual(w: FuzzWorld, lines: Obj[], over: Obj = {}): Obj {
  const amountPaise = lines.reduce((s, l) => s + (Number(l.amountPaise) || 0), 0);
  return intent(w, 'accrue', { points: 0, bill: { billId: w.fresh('B'), amountPaise: Math.min(amountPaise, 2 ** 31 - 1), lines }, ...over });
}

/** The draft of a push of `intents` by the fuzz till. */
export function push(w: FuzzWorld, ...intents: Obj[]): Draft {
  return { body: { protocol: 'v1', terminalId: w.till.terminalId, storeId: w.till.storeId, intents } };
}

/** The push draft with a field of its last intent replaced (undefined removes it). */
export function pushWith(w: FuzzWorld, kind: 'accrue' | 'redeem' | 'reverse' | 'adjust' | 'enrol', field: string, value: unknown): Draft {
  return push(w, intent(w, kind, { [field]: value }));
}

/** Pushes intents outside the case (its setup), requires each to be applied, and returns the results. */
export async function applyFirst(w: FuzzWorld, ...intents: Obj[]): Promise<Obj[]> {
  const results = await pushFirst(w, ...intents);
  const refused = results.find((r) => r.outcome !== 'applied');
  if (refused) throw new Error(`setup intent not applied: ${JSON.stringify(refused)}`);
  return results;
}

/** Pushes intents outside the case (its setup) and returns their results, whatever they are. */
export async function pushFirst(w: FuzzWorld, ...intents: Obj[]): Promise<Obj[]> {
  const reply = await sendRequest(w.t.url, {
    method: 'POST',
    path: '/v1/push',
    headers: { authorization: `Bearer ${w.till.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(push(w, ...intents).body),
  });
  if (reply.status !== 200) throw new Error(`setup push failed: ${JSON.stringify(reply.body)}`);
  return reply.body.results;
}

/** Enrols a fresh member with `points` (outside the case) and returns its id. */
export async function freshMember(w: FuzzWorld, points = 0): Promise<string> {
  const memberId = w.fresh('cm');
  await w.t.addMembers([{ memberId, ...(points > 0 ? { openingPoints: points } : {}) }]);
  return memberId;
}

/** An adjustments draft with one adjustment for `m-1`; `over` replaces fields. */
export function adjustment(w: FuzzWorld, over: Obj = {}): Draft {
  return { body: { protocol: 'v1', adjustments: [{ intentId: w.nextUlid(), memberId: 'm-1', points: 5, reason: 'fuzz', approvedBy: 'ops', ...over }] } };
}

/** A pull draft from the fuzz till; `over` replaces fields. */
export function pull(w: FuzzWorld, over: Obj = {}): Draft {
  return { body: { protocol: 'v1', terminalId: w.till.terminalId, storeId: w.till.storeId, cursor: null, memberIds: ['m-1'], ...over } };
}

/** A pull cursor as the ledger encodes one. */
export function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A mobile number no member of the fuzz world holds yet. */
export function freshPhone(w: FuzzWorld): string {
  return `97${w.fresh('').slice(1).padStart(8, '0')}`;
}
