import type { IntentV1 } from '../protocol/index.js';
import type { IntentRecord } from '../store/records.js';

/**
 * The wire form of a stored intent. Deterministic: every retry sends exactly the same
 * content, which the ledger checks (a different content under the same id is refused).
 * Its wire seq is the local seq plus `seqBase`, this database's incarnation's base (see
 * `ensureWireNumbering`), fixed before its first push: a stored intent never changes.
 */
export function toWireIntent(record: IntentRecord, terminal: { terminalId: string; storeId: string }, seqBase: number): IntentV1 {
  const base = {
    intentId: record.intentId,
    terminalId: terminal.terminalId,
    storeId: terminal.storeId,
    memberId: record.memberId,
    seq: record.seq! + seqBase,
    occurredAt: record.occurredAt,
  };
  switch (record.kind) {
    case 'accrue':
      return {
        ...base, kind: 'accrue', points: record.points, bill: record.bill!,
        ...(record.rulesetVersion ? { rulesetVersion: record.rulesetVersion } : {}),
        ...(record.memberSnapshot ? { memberSnapshot: record.memberSnapshot } : {}),
      };
    case 'redeem':
      // Fields a redemption stored by an older SDK lacks stay off the wire: same content, same hash.
      return {
        ...base, kind: 'redeem', points: record.points, ...(record.bill ? { bill: record.bill } : {}),
        ...(record.basis ? { basis: record.basis } : {}),
        ...(record.holdId ? { holdId: record.holdId } : {}),
        ...(record.balanceAsOf ? { balanceAsOf: record.balanceAsOf } : {}),
        ...(record.basis === 'override' && record.approval?.pin !== undefined ? { approval: { managerId: record.approval.managerId, pin: record.approval.pin } } : {}),
      };
    case 'reverse':
      return {
        ...base,
        kind: 'reverse',
        points: record.points,
        originalIntentId: record.originalIntentId!,
        ...(record.lineIds ? { lineIds: record.lineIds } : {}),
        ...(record.bill ? { bill: record.bill } : {}),
        ...(record.reason ? { reason: record.reason } : {}),
      };
    case 'adjust':
      return {
        ...base, kind: 'adjust', points: record.points, reason: record.reason!, approvedBy: record.approvedBy!,
        // An unsettled intent still has its PIN; one stored by an older SDK has no approval and is sent as before.
        ...(record.approval?.pin !== undefined ? { approval: { managerId: record.approval.managerId, pin: record.approval.pin } } : {}),
      };
    case 'enrol': {
      const e = record.enrolment ?? { consents: [] };
      return {
        ...base, kind: 'enrol', consents: e.consents,
        ...(e.phone !== undefined ? { phone: e.phone } : {}),
        ...(e.name !== undefined ? { name: e.name } : {}),
        ...(e.cardNumber !== undefined ? { cardNumber: e.cardNumber } : {}),
      };
    }
  }
}
