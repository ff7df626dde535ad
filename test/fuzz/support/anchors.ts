import { fashionRuleset } from '../../rules/support/fashion-ruleset.js';
import type { Dice } from './dice.js';
import type { FuzzWorld } from './fuzz-world.js';

/** A request before it goes on the wire: path parameters, query and body as values. */
export interface Draft {
  params?: Record<string, unknown>;
  query?: unknown;
  body?: unknown;
}

/**
 * Makes a generated request meet the ledger where it is: speak for the caller's till, name
 * members that exist, use fresh ids and increasing seq numbers, keep amounts modest. Each
 * choice is skipped now and then, so the random value stays in play too.
 */
export type Anchor = (draft: Draft, w: FuzzWorld, d: Dice) => void;

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const recent = (d: Dice) => new Date(Date.now() - d.int(0, 86_400_000)).toISOString();

function anchorIntent(intent: Obj, w: FuzzWorld, d: Dice, terminalId: unknown, storeId: unknown): void {
  if (d.chance(0.95)) Object.assign(intent, { terminalId, storeId });
  intent.seq = w.nextSeq();
  if (d.chance(0.9)) intent.intentId = w.nextUlid();
  if (d.chance(0.85)) intent.memberId = d.pick(w.members);
  if (d.chance(0.9)) intent.occurredAt = recent(d);
  // Only kinds that carry points (an `enrol` has none: adding them made the intent invalid).
  if ('points' in intent && d.chance(0.9)) intent.points = d.int(1, 5_000) * (intent.kind === 'adjust' && d.chance(0.4) ? -1 : 1);
  if (isObj(intent.bill) && Array.isArray(intent.bill.lines) && d.chance(0.9)) {
    intent.bill.lines.forEach((line: Obj, i: number) => (line.lineId = `L${i + 1}`));
  }
  if (intent.kind === 'accrue' && d.chance(0.5)) intent.rulesetVersion = 1;
  if (intent.kind === 'reverse') {
    const mine = w.applied.filter((a) => a.memberId === intent.memberId && (a.kind === 'accrue' || a.kind === 'redeem'));
    const original = d.chance(0.8) ? d.pick(mine) : d.pick(w.applied);
    if (original) intent.originalIntentId = original.intentId;
    if (d.chance(0.7)) delete intent.lineIds;
    else if (Array.isArray(intent.lineIds)) intent.lineIds = intent.lineIds.map((_: unknown, i: number) => `L${i + 1}`);
  }
}

function anchorPush(draft: Draft, w: FuzzWorld, d: Dice): void {
  const body = draft.body as Obj;
  if (d.chance(0.9)) Object.assign(body, { terminalId: w.till.terminalId, storeId: w.till.storeId });
  const replay = d.chance(0.1) ? d.pick(w.applied) : undefined;
  if (replay) {
    body.intents = [structuredClone(replay.body)];
    return;
  }
  for (const intent of body.intents as Obj[]) anchorIntent(intent, w, d, body.terminalId, body.storeId);
}

function anchorPull(draft: Draft, w: FuzzWorld, d: Dice): void {
  const body = draft.body as Obj;
  if (d.chance(0.9)) Object.assign(body, { terminalId: w.till.terminalId, storeId: w.till.storeId });
  if (d.chance(0.8)) body.cursor = d.chance(0.5) ? null : (d.pick(w.cursors) ?? null);
  if (d.chance(0.5)) delete body.memberIds;
  else if (Array.isArray(body.memberIds)) body.memberIds.push(d.pick(w.members));
}

function anchorLookup(draft: Draft, w: FuzzWorld, d: Dice): void {
  const q = draft.query as Obj;
  if (!d.chance(0.7)) return;
  if ('memberId' in q) q.memberId = d.pick(w.members);
  if ('card' in q) q.card = d.pick(w.cards);
  if ('phone' in q) q.phone = d.chance(0.5) ? d.pick(w.phones) : `+91 ${d.pick(w.phones)}`;
}

function anchorMembers(draft: Draft, w: FuzzWorld, d: Dice): void {
  for (const m of (draft.body as Obj).members as Obj[]) {
    m.memberId = d.chance(0.9) ? w.fresh('fm') : d.pick(w.members);
    if (d.chance(0.6)) delete m.cardNumber;
    else if (d.chance(0.9)) m.cardNumber = w.fresh('FC').replace('-', '');
    if (d.chance(0.7)) delete m.phone;
    else if (d.chance(0.8)) m.phone = `9${String(d.int(0, 999_999_999)).padStart(9, '0')}`;
    if (d.chance(0.9)) m.openingPoints = d.int(0, 100_000);
  }
}

function anchorTerminals(draft: Draft, w: FuzzWorld, d: Dice): void {
  (draft.body as Obj).terminalId = d.chance(0.9) ? w.fresh('ft') : w.till.terminalId;
}

function anchorRevoke(draft: Draft, w: FuzzWorld, d: Dice): void {
  const params = draft.params as Obj;
  if (d.chance(0.5)) params.terminalId = d.pick(w.spareTerminals) ?? params.terminalId;
  // The tills the runs speak for stay alive.
  if (params.terminalId === w.till.terminalId || params.terminalId === w.otherTill.terminalId) params.terminalId = 'fuzz-none';
}

function anchorAdjustments(draft: Draft, w: FuzzWorld, d: Dice): void {
  for (const a of (draft.body as Obj).adjustments as Obj[]) {
    if (d.chance(0.9)) a.intentId = w.nextUlid();
    if (d.chance(0.85)) a.memberId = d.pick(w.members);
    if (d.chance(0.9)) a.points = d.int(1, 5_000) * (d.chance(0.4) ? -1 : 1);
    if (a.points === 0) a.points = 1;
  }
}

function anchorPublish(draft: Draft, w: FuzzWorld, d: Dice): void {
  const body = draft.body as Obj;
  if (d.chance(0.3)) body.ruleset = { ...fashionRuleset, version: w.rulesetVersion + 1 };
  if (d.chance(0.7)) delete body.effectiveFrom;
}

function anchorTillEnvelope(draft: Draft, w: FuzzWorld, d: Dice): void {
  const body = draft.body as Obj;
  if (d.chance(0.9)) Object.assign(body, { terminalId: w.till.terminalId, storeId: w.till.storeId });
}

function anchorHold(draft: Draft, w: FuzzWorld, d: Dice): void {
  anchorTillEnvelope(draft, w, d);
  const body = draft.body as Obj;
  if (d.chance(0.9)) body.holdId = w.nextUlid();
  if (d.chance(0.85)) body.memberId = d.pick(w.members);
  if (d.chance(0.9)) body.points = d.int(1, 2_000);
}

function anchorAllowances(draft: Draft, w: FuzzWorld, d: Dice): void {
  anchorTillEnvelope(draft, w, d);
  const body = draft.body as Obj;
  if (Array.isArray(body.memberIds) && d.chance(0.8)) body.memberIds = body.memberIds.map(() => d.pick(w.members));
}

/** Anchors by endpoint name (see the endpoint table). */
export const ANCHORS = {
  push: anchorPush,
  pull: anchorPull,
  lookup: anchorLookup,
  members: anchorMembers,
  terminals: anchorTerminals,
  revoke: anchorRevoke,
  adjustments: anchorAdjustments,
  publish: anchorPublish,
  hold: anchorHold,
  tillEnvelope: anchorTillEnvelope,
  allowances: anchorAllowances,
} as const satisfies Record<string, Anchor>;
