import { isTillpointsError } from '../src/index.js';
import type { Operation, ScheduledEvent } from './schedule.js';
import type { OperationTag, SimTab, SimWorld } from './world.js';

/** Typed errors a cashier may meet that still mean a bug (broken answers, broken storage). */
const BUG_CODES = new Set(['protocol_violation', 'storage', 'invalid_argument', 'invalid_options']);

/** The manager (and PIN) every store registers: tills' adjustments carry their approval. */
export const SIM_MANAGER = { managerId: 'manager-1', pin: '246810' } as const;

const PHONES = Array.from({ length: 8 }, (_, i) => `9123400${String(100 + i)}`);

/** A ruleset body earning `pointsPer100` points per ₹100. */
export function simRuleset(version: number, pointsPer100: number): Record<string, unknown> {
  return { version, name: `sim v${version}`, base: { points: pointsPer100, perPaise: 10_000 }, categoryRates: { staples: { points: pointsPer100 + 1, perPaise: 10_000 } },
    tiers: { windowDays: 365, levels: [{ id: 'classic', name: 'Classic', minQualifyingPoints: 0 }, { id: 'gold', name: 'Gold', minQualifyingPoints: 2_000, multiplierPercent: 150 }] },
  };
}

function lines(rupees: readonly number[]) {
  return rupees.map((r, i) => ({ lineId: `L${i + 1}`, sku: `sku-${i}`, category: i % 2 ? 'staples' : 'general', quantity: 1, unitPricePaise: r * 100, amountPaise: r * 100 }));
}

/**
 * Starts one operation (it may wait on the network, so it is not awaited here) and writes its
 * outcome to the trace when it settles. Every intent a till answers with an id is recorded as
 * accepted, for the "nothing lost" invariant.
 */
export function startOperation(world: SimWorld, event: ScheduledEvent & { what: Operation }): void {
  const op = event.what;
  const tag = `e${event.id}`;
  const finish = (text: string) => world.trace.line(`${tag} -> ${text}`);
  const on: OperationTag = { label: `${tag} ${op.kind}` };
  const work = (async () => {
    try {
      finish(await perform(world, op, `b${world.schedule.seed}-${event.id}`, on));
    } catch (error) {
      if (isTillpointsError(error) && !BUG_CODES.has(error.code)) return finish(`refused ${error.code}`);
      const text = `${(error as Error)?.name}: ${(error as Error)?.message}`;
      world.unexpected.push(`${tag} ${op.kind}: ${text}`);
      finish(`UNEXPECTED ${text}`);
    }
  })();
  world.launch(work, on);
}

async function onTab(world: SimWorld, till: number, on: OperationTag): Promise<{ tab: SimTab; index: number } | undefined> {
  const index = till % world.tills.length;
  const tab = world.tills[index]!.liveTab(till);
  if (!tab) return undefined;
  on.tab = tab;
  await tab.ready;
  return { tab, index };
}

function accept(world: SimWorld, till: number, intentId: string, kind: string, memberId: string, points: number, byLines = false): void {
  const t = world.tills[till]!;
  world.accepted.push({ intentId, till, storage: t.storage, kind, memberId, points, byLines });
}

async function perform(world: SimWorld, op: Operation, billId: string, on: OperationTag): Promise<string> {
  switch (op.kind) {
    case 'app-spend': {
      const memberId = world.memberIds[op.member % world.memberIds.length]!;
      const { intentId, seq } = world.nextAppIntent();
      const occurredAt = new Date(world.scheduler.now).toISOString();
      const intent = { kind: 'redeem', intentId, terminalId: 'brand-app', storeId: 'app', memberId, seq, occurredAt, points: op.points };
      const r = await world.admin('POST', '/v1/push', { protocol: 'v1', terminalId: 'brand-app', storeId: 'app', intents: [intent] }, world.appKey);
      const result = r.body?.results?.[0];
      return `app ${op.points} from ${memberId}: ${result?.outcome ?? r.status}${result?.reason ? ' ' + result.reason : ''}`;
    }
    case 'ruleset': {
      const version = ++world.rulesetVersion;
      await world.must('POST', '/v1/admin/rulesets', { protocol: 'v1', ruleset: simRuleset(version, op.pointsPer100) });
      return `ruleset v${version} published`;
    }
    case 'sweep':
      return `swept ${await world.port.sweepHolds()}`;
    default:
      break;
  }
  const at = await onTab(world, op.till, on);
  if (!at) return 'no live tab';
  const { tab, index } = at;
  const t = tab.terminal;
  // Mostly the members the ledger already knows; now and then one enrolled during the run.
  const seeded = world.schedule.world.members.length;
  const memberOf = (pick: number) => world.memberIds[pick % 5 === 0 ? pick % world.memberIds.length : pick % seeded]!;
  switch (op.kind) {
    case 'sync': {
      const r = await t.sync();
      return r.leader ? `synced pushed=${r.pushed} confirmed=${r.confirmed} rejected=${r.rejected} quarantined=${r.quarantined} pulled=${r.pulled}` : 'not leader';
    }
    case 'bill': {
      const memberId = memberOf(op.member);
      const amountPaise = op.rupees.reduce((s, r) => s + r * 100, 0);
      if (op.withLines) {
        const receipt = await t.checkout({ memberId, bill: { billId, lines: lines(op.rupees) }, ...(op.redeem ? { redeemPoints: op.redeem } : {}) });
        accept(world, index, receipt.accrual.intentId, 'accrue', memberId, receipt.accrual.points, true);
        if (receipt.redemption) accept(world, index, receipt.redemption.intentId, 'redeem', memberId, receipt.redemption.points);
        return `checkout ${memberId} earned=${receipt.accrual.points} spent=${receipt.redemption?.points ?? 0} basis=${receipt.redemption?.basis ?? '-'}`;
      }
      const points = Math.max(1, Math.floor(amountPaise / 10_000));
      const r = await t.accrue({ memberId, points, bill: { billId, amountPaise } });
      accept(world, index, r.intentId, 'accrue', memberId, points);
      return `accrue ${memberId} ${points}`;
    }
    case 'redeem': {
      const memberId = memberOf(op.member);
      if (op.via === 'redeem') {
        const r = await t.redeem({ memberId, points: op.points });
        accept(world, index, r.intentId, 'redeem', memberId, op.points);
        return `redeem ${memberId} ${op.points} basis=${(r as { basis?: string }).basis ?? '-'}`;
      }
      const held = await t.holdPoints({ memberId, points: op.points, billId });
      if (op.via === 'hold-release') {
        await t.releaseHold(held.holdId);
        return `hold ${memberId} ${held.points} released`;
      }
      const receipt = await t.checkout({ memberId, bill: { billId, lines: lines([op.points * 2]) }, redeemPoints: held.points, holdId: held.holdId });
      accept(world, index, receipt.accrual.intentId, 'accrue', memberId, receipt.accrual.points);
      if (receipt.redemption) accept(world, index, receipt.redemption.intentId, 'redeem', memberId, receipt.redemption.points);
      return `hold+checkout ${memberId} held=${held.points} spent=${receipt.redemption?.points ?? 0}`;
    }
    case 'return': {
      const mine = world.accepted.filter((a) => a.till === index && a.storage === world.tills[index]!.storage && (a.kind === 'accrue' || a.kind === 'redeem'));
      const original = mine[op.pick % Math.max(1, mine.length)];
      if (!original) return 'nothing to return';
      const byLine = op.firstLineOnly && original.byLines === true;
      const r = await t.reverse({ originalIntentId: original.intentId, ...(byLine ? { lineIds: ['L1'] } : {}) });
      accept(world, index, r.intentId, 'reverse', original.memberId, 0);
      return `return of ${original.kind} ${original.memberId}${byLine ? ' line L1' : ''}`;
    }
    case 'adjust': {
      const memberId = memberOf(op.member);
      const r = await t.adjust({ memberId, points: op.points, reason: 'simulated correction', approvedBy: SIM_MANAGER.managerId, approval: SIM_MANAGER });
      accept(world, index, r.intentId, 'adjust', memberId, op.points);
      return `adjust ${memberId} ${op.points}`;
    }
    case 'prefetch': {
      const allowances = await t.prefetchAllowances({ frequent: op.frequent });
      return `prefetched ${allowances.length} allowance(s)`;
    }
    case 'enrol': {
      const phone = op.phone < world.schedule.world.members.length && op.phone % 2 === 0 ? world.schedule.world.members[op.phone]!.phone : PHONES[op.phone]!;
      const r = await t.enrol({ phone, name: `Customer ${op.phone}`, consents: [] });
      if (r.enrolled && r.intentId) {
        accept(world, index, r.intentId, 'enrol', r.memberId, 0);
        if (!world.memberIds.includes(r.memberId)) world.memberIds.push(r.memberId);
      }
      return r.enrolled ? `enrolled ${phone}` : `found ${r.memberId}`;
    }
  }
}
