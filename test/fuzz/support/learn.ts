import type { Draft } from './anchors.js';
import type { FuzzWorld } from './fuzz-world.js';
import type { WireReply } from './send-request.js';

/** Remembers what a successful answer made (members, terminals, applied intents, cursors) for later runs. */
export type Learn = (draft: Draft, reply: WireReply, w: FuzzWorld) => void;

const learnPush: Learn = (draft, reply, w) => {
  const intents = (draft.body as { intents: { intentId: string; memberId: string; kind: string }[] }).intents;
  reply.body.results.forEach((r: { outcome: string }, i: number) => {
    const intent = intents[i]!;
    if (r.outcome === 'applied') w.applied.push({ intentId: intent.intentId, memberId: intent.memberId, kind: intent.kind, body: intent });
  });
  if (w.applied.length > 200) w.applied.splice(0, w.applied.length - 200);
};

const learnPull: Learn = (_draft, reply, w) => {
  w.cursors.push(reply.body.cursor);
  if (w.cursors.length > 20) w.cursors.shift();
};

const learnMembers: Learn = (_draft, reply, w) => {
  for (const m of reply.body.members) {
    w.members.push(m.memberId);
    if (m.cardNumber) w.cards.push(m.cardNumber);
    if (m.phone) w.phones.push(m.phone);
  }
};

const learnTerminal: Learn = (_draft, reply, w) => void w.spareTerminals.push(reply.body.terminalId);

const learnRevoke: Learn = (_draft, reply, w) => {
  const at = w.spareTerminals.indexOf(reply.body.terminalId);
  if (at >= 0) w.spareTerminals.splice(at, 1);
};

const learnRuleset: Learn = (_draft, reply, w) => void (w.rulesetVersion = Math.max(w.rulesetVersion, reply.body.version));

/** Learners by endpoint name (see the endpoint table). */
export const LEARNERS = {
  push: learnPush,
  pull: learnPull,
  members: learnMembers,
  terminals: learnTerminal,
  revoke: learnRevoke,
  publish: learnRuleset,
} as const satisfies Record<string, Learn>;
