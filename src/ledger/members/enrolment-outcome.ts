import type { FinalOutcomeV1 } from '../../protocol/index.js';
import type { Decision } from '../apply/decide-intent.js';
import type { EnrolmentVerdict } from './decide-enrolment.js';

/** The ledger's decision on a refused enrolment; undefined when the enrolment goes on (or it is not one). */
export function enrolmentDecision(verdict: EnrolmentVerdict | undefined): Decision | undefined {
  return verdict?.action === 'reject' ? { outcome: 'rejected', reason: verdict.reason, message: verdict.message } : undefined;
}

/**
 * An outcome for an intent whose member id was merged into `into`: says so with
 * `mergedInto` (its balance, if any, is already that member's). Unchanged otherwise.
 */
export function withMergedInto(outcome: FinalOutcomeV1, into: string | undefined): FinalOutcomeV1 {
  return into === undefined ? outcome : { ...outcome, mergedInto: into };
}
