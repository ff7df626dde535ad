import type { HealReport } from './heal.js';
import type { SimWorld } from './world.js';

/** The first invariant a run broke, and how. */
export interface Violation {
  readonly invariant: string;
  readonly detail: string;
}

/** What a run under `limit` risked: the figures the long run reports. */
export interface ExposureRecord {
  readonly limitPerTill: number;
  readonly tills: number;
  /** Σ limitPerTill over the tills (and their wiped storages): the configured bound. */
  readonly bound: number;
  readonly exposure: number;
  readonly shortfall: number;
  readonly shortfallRule: string;
}

/** What the invariants found. */
export interface Verdict {
  readonly violation: Violation | undefined;
  readonly exposure: ExposureRecord | undefined;
}

const num = (v: unknown) => Number(v);

/** Checks the invariants of the design (issue 9) after healing; answers the first broken one. */
export async function checkInvariants(world: SimWorld, healed: HealReport): Promise<Verdict> {
  const db = world.port.database;
  const v = (invariant: string, detail: string): Verdict => ({ violation: { invariant, detail }, exposure: undefined });
  if (world.unexpected.length > 0) return v('no unexpected errors', world.unexpected.join('; '));
  const unanswered = world.unanswered();
  if (unanswered.length > 0) return v('every operation answers', `still waiting after healing: ${unanswered.join(', ')}`);
  if (!healed.quiet) return v('liveness: queues drain after healing', `${healed.rounds} rounds: ${healed.stuck.join(', ')}`);

  const ledgerIntents = new Map(
    (await db.query(`SELECT intent_id, outcome, kind, terminal_id FROM intents`)).map((r) => [String(r.intent_id), r]),
  );
  const gaps = (await world.must('GET', '/v1/admin/gaps')).gaps as { terminalId: string; kind: string }[];
  // What each till still knows of its own intents (current storage only).
  const local = new Map<number, Map<string, string>>();
  for (const [i, till] of world.tills.entries()) {
    const tab = till.tabs[0]!;
    const states = new Map<string, string>();
    for (const memberId of world.memberIds) {
      for (const rec of await tab.terminal.history(memberId)) states.set(rec.intentId, rec.state);
    }
    for (const q of await tab.terminal.quarantined()) states.set(q.intentId, 'quarantined');
    local.set(i, states);
  }

  // Nothing lost: every accepted intent is at the ledger, or refused/quarantined at its till, or lost with a wipe the gap report shows.
  for (const a of world.accepted) {
    if (ledgerIntents.has(a.intentId)) continue;
    const till = world.tills[a.till]!;
    if (a.storage === till.storage) {
      const state = local.get(a.till)!.get(a.intentId);
      if (state === 'rejected' || state === 'quarantined' || state === 'voided') continue;
      return v('nothing lost', `${a.kind} ${a.intentId} of ${till.spec.terminalId} (${a.memberId}, ${a.points}) is not at the ledger; the till has it as ${state ?? 'nothing'}`);
    }
    if (!gaps.some((g) => g.terminalId === till.spec.terminalId && g.kind === 'storage_reset')) {
      return v('nothing lost', `${a.kind} ${a.intentId} lost with the wipe of ${till.spec.terminalId} and the gap report shows no storage reset`);
    }
  }

  // A till never wiped, with nothing quarantined, sent every number: the gap report shows none for it.
  for (const [i, till] of world.tills.entries()) {
    if (till.storage > 0 || [...local.get(i)!.values()].includes('quarantined')) continue;
    const own = gaps.filter((g) => g.terminalId === till.spec.terminalId);
    if (own.length > 0) return v('no gap but from a wipe', `${till.spec.terminalId} was never wiped, yet the gap report shows ${JSON.stringify(own)}`);
  }

  // Nothing doubled: one applied accrual per bill.
  const doubled = await db.query(
    `SELECT body->'bill'->>'billId' AS bill, count(*)::int AS n FROM intents WHERE kind = 'accrue' AND outcome = 'applied' GROUP BY 1 HAVING count(*) > 1`,
  );
  if (doubled.length > 0) return v('nothing doubled', `bills accrued more than once: ${doubled.map((r) => `${r.bill}×${r.n}`).join(', ')}`);

  const tb = await world.must('GET', '/v1/admin/trial-balance');
  if (tb.total !== 0 || tb.mismatchedMembers.length > 0) {
    return v('books balance', `trial balance total ${tb.total}, mismatched members ${JSON.stringify(tb.mismatchedMembers)}`);
  }

  // Every till converges: confirmed = the ledger's points, nothing pending (but what is quarantined).
  const points = new Map((await db.query(`SELECT member_id, points FROM members`)).map((r) => [String(r.member_id), num(r.points)]));
  for (const [i, till] of world.tills.entries()) {
    const terminal = till.tabs[0]!.terminal;
    const status = await terminal.status();
    if (status.queueDepth !== 0) return v('tills converge', `${till.spec.terminalId} still has ${status.queueDepth} queued`);
    const quarantinedMembers = new Set((await terminal.quarantined()).map((q) => q.memberId));
    for (const memberId of world.memberIds) {
      const balance = await terminal.getBalance(memberId);
      if (!balance.known) continue; // this till holds no record of the member
      const atLedger = points.get(balance.memberId);
      if (atLedger === undefined) continue; // enrolled here, not yet a member at the ledger (quarantined or refused)
      const pendingOk = quarantinedMembers.has(balance.memberId) || (balance.pendingAccrual === 0 && balance.pendingRedemption === 0);
      if (balance.confirmed !== atLedger || !pendingOk) {
        return v('tills converge', `${till.spec.terminalId} shows ${balance.memberId} confirmed=${balance.confirmed} pending=+${balance.pendingAccrual}/-${balance.pendingRedemption}, the ledger ${atLedger}`);
      }
    }
    void i;
  }

  const policy = world.schedule.world.policy;
  // Returns of earned points the member already spent may take them below zero (the README's
  // conflict table: a visible debt); otherwise only a `limit` shortfall charged to the member may.
  const clawedBack = new Map(
    (await db.query(
      `SELECT r.member_id, sum(r.points)::int AS points FROM intents r JOIN intents o ON o.intent_id = r.body->>'originalIntentId'
        WHERE r.kind = 'reverse' AND r.outcome = 'applied' AND o.kind = 'accrue' GROUP BY 1`,
    )).map((r) => [String(r.member_id), num(r.points)]),
  );
  const below = [...points].filter(([m, p]) => p < -(clawedBack.get(m) ?? 0));
  const debtBelow = below.reduce((sum, [m, p]) => sum - p - (clawedBack.get(m) ?? 0), 0);
  const shown = below.map(([m, p]) => `${m}=${p}`).join(', ');
  if (policy.offline !== 'limit') {
    if (below.length > 0) return v(`${policy.offline ?? 'deny'}: no member below zero (but by returns of spent points)`, shown);
    return { violation: undefined, exposure: undefined };
  }
  const report = await world.must('GET', '/v1/admin/redemptions');
  const stores = report.stores as { exposure: number; shortfall: { memberDebt: number; storeRisk: number } }[];
  const exposure = stores.reduce((s, x) => s + x.exposure, 0);
  const memberDebt = stores.reduce((s, x) => s + x.shortfall.memberDebt, 0);
  const storeRisk = stores.reduce((s, x) => s + x.shortfall.storeRisk, 0);
  const limitPerTill = policy.limitPerTill ?? 5000;
  const storages = world.tills.reduce((s, t) => s + 1 + t.storage, 0);
  const record: ExposureRecord = {
    limitPerTill, tills: world.tills.length, bound: limitPerTill * storages, exposure, shortfall: memberDebt + storeRisk, shortfallRule: policy.shortfall ?? 'member_debt',
  };
  if (record.shortfall > record.bound) return { violation: { invariant: 'limit: shortfall within the configured exposure', detail: JSON.stringify(record) }, exposure: record };
  const terminals = report.terminals as { terminalId: string; exposure: number }[];
  for (const t of terminals) {
    const till = world.tills.find((x) => x.spec.terminalId === t.terminalId);
    if (!till) continue;
    // A wiped till forgot what it had spent offline: each storage may spend up to the limit.
    if (t.exposure > limitPerTill * (1 + till.storage)) {
      return { violation: { invariant: 'limit: each till within its offline limit', detail: `${t.terminalId} exposure ${t.exposure} > ${limitPerTill} × ${1 + till.storage} storage(s)` }, exposure: record };
    }
  }
  // Below zero only by the debt the policy charges to members (none under store_risk).
  if (debtBelow > memberDebt) return { violation: { invariant: 'limit: members below zero only by their charged shortfall', detail: `${shown}; member debt ${memberDebt}` }, exposure: record };
  const wrong = record.shortfallRule === 'store_risk' ? memberDebt : storeRisk;
  if (wrong !== 0) return { violation: { invariant: 'limit: shortfall charged as the policy says', detail: JSON.stringify({ memberDebt, storeRisk, rule: record.shortfallRule }) }, exposure: record };
  return { violation: undefined, exposure: record };
}
