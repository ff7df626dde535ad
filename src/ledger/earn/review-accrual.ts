import type { AccrueIntentV1, EarnReviewV1 } from '../../protocol/index.js';
import { diffEarn, evaluateEarn, isRulesError, type EarnResult, type RuleBill } from '../../rules/index.js';
import { rulesetInForce, type PublishedRuleset } from '../store/ruleset-store.js';
import { ownRecord } from './own-record.js';

/** What the ledger knows of a member when it earns a bill: the engine's `RuleMember`. */
export interface EarnMemberState {
  tier: string;
  visits: number;
  qualifyingPoints: number;
  promotionPoints: Record<string, number>;
}

/** How many points an accrual applies, per line, and why. */
export interface AccrualReview {
  readonly points: number;
  /** Points per line as applied: what a return by line takes back. */
  readonly lines: Record<string, number>;
  /** The ledger's own evaluation, every point explained. */
  readonly earn: EarnResult;
  readonly review: EarnReviewV1;
}

/** Why an accrual cannot be earned at all (the engine refused the bill). */
export interface AccrualRefusal {
  readonly refused: string;
}

function billOf(intent: AccrueIntentV1, at: string): RuleBill | undefined {
  const lines = intent.bill.lines;
  if (!lines || lines.length === 0) return undefined;
  return {
    billId: intent.bill.billId,
    storeId: intent.storeId,
    at,
    lines: lines.map(({ points: _points, ...line }) => line),
  };
}

// The version a till may still use: the one in force at the bill's time, or the one before it
// while the newer one is younger than the grace period (it takes time to reach every till).
function acceptableVersions(rulesets: readonly PublishedRuleset[], inForce: PublishedRuleset, at: string, graceMs: number): Set<number> {
  const accepted = new Set([inForce.version]);
  const became = Math.max(Date.parse(inForce.effectiveFrom), Date.parse(inForce.publishedAt));
  const previous = rulesetInForce(rulesets.filter((r) => r.version < inForce.version), at);
  if (previous && Date.parse(at) < became + graceMs) accepted.add(previous.version);
  return accepted;
}

/**
 * Decides the points of an accrual with bill lines, by the rule in the README: when the
 * till's ruleset version was current at the bill's time (within `graceMs` of a newer one)
 * and its points follow from that version and the member data it sent (`memberSnapshot`),
 * what the till printed stands (`honoured`); otherwise the ledger applies its own result of
 * the version in force, and the difference is a visible adjustment (`recomputed`). A till
 * that sends no member data is always recomputed: its claim cannot be checked. A bill dated
 * before the first ruleset is earned by the first. `at` is the bill's time as the ledger
 * judges it (corrected for the till's clock); it defaults to the till's `occurredAt`.
 * Returns undefined for an accrual without lines: its points are manual (and limited).
 */
export function reviewAccrual(
  intent: AccrueIntentV1,
  rulesets: readonly PublishedRuleset[],
  member: EarnMemberState,
  graceMs: number,
  at: string = intent.occurredAt,
): AccrualReview | AccrualRefusal | undefined {
  const bill = billOf(intent, at);
  const inForce = bill && (rulesetInForce(rulesets, at) ?? rulesets[0]);
  if (!bill || !inForce) return undefined;
  const tillVersion = intent.rulesetVersion ?? null;
  const honoured =
    tillVersion !== null && intent.memberSnapshot !== undefined && acceptableVersions(rulesets, inForce, at, graceMs).has(tillVersion);
  const used = honoured ? rulesets.find((r) => r.version === tillVersion)! : inForce;
  const levels = used.ruleset.tiers.levels;
  const tier = levels.some((l) => l.id === member.tier) ? member.tier : levels[0]!.id;
  let earn: EarnResult;
  try {
    earn = evaluateEarn(used.ruleset, bill, { ...member, tier });
  } catch (error) {
    if (isRulesError(error)) return { refused: error.message };
    throw error;
  }
  const ledgerLines = new Map(earn.lines.map((l) => [l.lineId, l.points]));
  if (honoured) {
    // With the till's own view of the member, its points must follow from the ruleset to the
    // point: a till may be behind on the member, never wrong in its arithmetic.
    const snapshot = intent.memberSnapshot!;
    const snapshotTier = levels.some((l) => l.id === snapshot.tier) ? snapshot.tier : levels[0]!.id;
    let applied: EarnResult;
    try {
      applied = evaluateEarn(used.ruleset, bill, { ...snapshot, tier: snapshotTier });
    } catch (error) {
      if (isRulesError(error)) return { refused: error.message };
      throw error;
    }
    if (diffEarn(applied, { points: intent.points, lines: intent.bill.lines }).length > 0) {
      return recomputed(intent, used.version, earn, `the till's points do not follow from ruleset v${used.version} and its own member data`);
    }
    const differences = diffEarn(earn, { points: intent.points, lines: intent.bill.lines });
    const tillLines = ownRecord(intent.bill.lines!.map((l) => [l.lineId, l.points ?? ledgerLines.get(l.lineId) ?? 0] as const));
    return {
      points: intent.points,
      lines: tillLines,
      earn: applied,
      review: {
        outcome: 'honoured', rulesetVersion: used.version, tillRulesetVersion: tillVersion, tillPoints: intent.points, ledgerPoints: earn.total,
        lines: tillLines,
        reason: differences.length === 0
          ? `ruleset v${used.version} was current at the bill's time; the till's points stand`
          : `ruleset v${used.version} was current at the bill's time; the till's points stand (the ledger's own count was ${earn.total}, from member data the till did not have)`,
      },
    };
  }
  return recomputed(
    intent,
    inForce.version,
    earn,
    tillVersion === null
      ? `the till sent no ruleset version; ruleset v${inForce.version} was in force at the bill's time`
      : intent.memberSnapshot === undefined
        ? `the till sent no member data to check its points by; the ledger earned the bill by ruleset v${inForce.version}`
        : `the till used ruleset v${tillVersion}, but v${inForce.version} was in force at the bill's time`,
  );
}

function recomputed(intent: AccrueIntentV1, version: number, earn: EarnResult, reason: string): AccrualReview {
  return {
    points: earn.total,
    lines: ownRecord(earn.lines.map((l) => [l.lineId, l.points] as const)),
    earn,
    review: {
      outcome: 'recomputed', rulesetVersion: version, tillRulesetVersion: intent.rulesetVersion ?? null,
      tillPoints: intent.points, ledgerPoints: earn.total, lines: ownRecord(earn.lines.map((l) => [l.lineId, l.points] as const)), reason,
    },
  };
}
