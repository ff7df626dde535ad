import type { RuleBill, RuleBillLine } from '../../../src/rules/index.js';

/** A one-unit line costing `rupees` (whole rupees). */
export function line(lineId: string, sku: string, category: string, rupees: number): RuleBillLine {
  const amountPaise = rupees * 100;
  return { lineId, sku, category, quantity: 1, unitPricePaise: amountPaise, amountPaise };
}

let counter = 0;

/** A bill at `storeId`, made at `at` (an ISO instant with offset). */
export function bill(storeId: string, at: string, ...lines: RuleBillLine[]): RuleBill {
  counter += 1;
  return { billId: `B-${counter}`, storeId, at, lines };
}

/** Each line's points, by line id: `{ L1: 171, L2: 37 }`. */
export function pointsByLine(result: {
  lines: readonly { lineId: string; points: number }[];
}): Record<string, number> {
  return Object.fromEntries(result.lines.map((l) => [l.lineId, l.points]));
}
