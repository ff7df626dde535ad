import type { EarnRate } from './earn-rate-schema.js';
import type { CompiledRuleset } from './compiled-ruleset.js';
import type { EarnLine, RuleEntry } from './earn-result-schema.js';
import { formatRate, formatRupees } from './format-reason.js';
import { checkedAdd, mulDivRound } from './int-math.js';
import type { RuleBillLine } from './rule-bill-schema.js';

/** A line being evaluated: its rate (or `undefined` when excluded), base points and rule entries so far. */
export interface LineWork {
  readonly line: RuleBillLine;
  /** `undefined`: the line is excluded and earns nothing. */
  readonly rate: EarnRate | undefined;
  /** Points from the line's rate alone; the base that multipliers multiply. */
  readonly base: number;
  /** The first entry says the line's rate or why it earns nothing; later ones each add points. */
  readonly entries: RuleEntry[];
}

/**
 * Starts a line: an excluded sku or category earns nothing, whatever its rates (an exclusion is
 * a legal or commercial promise, e.g. tobacco, gift cards); otherwise the sku's rate, else the
 * category's, else the base rate, applied to this line's amount alone with the ruleset's
 * rounding. Rounding per line makes a line's points a property of the line: a return of that
 * line takes back exactly what it earned, whatever else was on the bill.
 */
export function startLine(rules: CompiledRuleset, line: RuleBillLine): LineWork {
  if (rules.excludedSkus.has(line.sku)) {
    return excluded(line, `excluded:sku:${line.sku}`, `Excluded (SKU ${line.sku}): earns no points`);
  }
  if (rules.excludedCategories.has(line.category)) {
    return excluded(
      line,
      `excluded:category:${line.category}`,
      `Excluded (${line.category}): earns no points`,
    );
  }
  const skuRate = rules.skuRates.get(line.sku);
  const categoryRate = skuRate ? undefined : rules.categoryRates.get(line.category);
  const rate = skuRate ?? categoryRate ?? rules.ruleset.base;
  const [ruleId, label] = skuRate
    ? [`rate:sku:${line.sku}`, `Rate for SKU ${line.sku}`]
    : categoryRate
      ? [`rate:category:${line.category}`, `Rate for ${line.category}`]
      : ['rate:base', 'Base rate'];
  const base = mulDivRound(line.amountPaise, rate.points, rate.perPaise, rules.ruleset.rounding);
  const reason = `${label}: ${formatRate(rate)} on ${formatRupees(line.amountPaise)}`;
  return { line, rate, base, entries: [{ ruleId, points: base, reason }] };
}

function excluded(line: RuleBillLine, ruleId: string, reason: string): LineWork {
  return { line, rate: undefined, base: 0, entries: [{ ruleId, points: 0, reason }] };
}

/** Adds a rule's points to a line; zero points add nothing and leave no entry. */
export function addEntry(work: LineWork, entry: RuleEntry): void {
  if (entry.points > 0) work.entries.push(entry);
}

/** The finished line: its entries and their sum. */
export function finishLine(work: LineWork): EarnLine {
  const points = work.entries.reduce((sum, entry) => checkedAdd(sum, entry.points), 0);
  return { lineId: work.line.lineId, points, rules: work.entries };
}
