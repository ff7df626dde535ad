import { reversalPoints } from '../rules/index.js';
import type { IntentRecord } from '../store/records.js';

/**
 * What a return of some lines of an accrual takes back: the points the ledger applied to
 * them once it has answered, else what the till's rules gave them, else undefined (an
 * accrual without per-line points). Unknown lines count for nothing here; the outbox refuses them.
 */
export function pointsOfLines(original: IntentRecord, lineIds: readonly string[]): number | undefined {
  if (original.appliedLines) return lineIds.reduce((sum, id) => sum + (original.appliedLines![id] ?? 0), 0);
  if (original.earn) {
    const known = new Set(original.earn.lines.map((l) => l.lineId));
    return reversalPoints(original.earn, lineIds.filter((id) => known.has(id)));
  }
  return undefined;
}
