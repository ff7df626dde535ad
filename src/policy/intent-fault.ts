import { ERROR_CODES } from '../errors/error-codes.js';
import { isTillpointsError } from '../errors/tillpoints-error.js';

/** Why the ledger refused a whole push in a way that may be the fault of one of its intents. */
export interface IntentFault {
  readonly code: string;
  readonly message: string;
  readonly status: number;
}

/**
 * Whether a failed push was refused for what it carried, so that a smaller batch may pass
 * and a batch of one that is refused holds a broken intent. Pure. Only these count:
 * - 413 (`body_too_large`): an intent too big to send, or a batch too big as a whole;
 * - 400 or 422 about the intents: the ledger's issues point into `intents`, or it named none.
 * Everything else stops the round as before and is retried with backoff: network,
 * timeouts, 5xx, 401/403 and `terminal_mismatch` (the key), 404/405/415 (a wrong URL or
 * client), 408/429 (load), `invalid_json`, and a 400 whose issues are all about the
 * envelope (protocol, terminal): no intent is to blame, so none may be quarantined.
 */
export function intentFaultOf(error: unknown): IntentFault | undefined {
  if (!isTillpointsError(error, ERROR_CODES.ledgerRefused)) return undefined;
  const details = error.details ?? {};
  const status = typeof details.status === 'number' ? details.status : 0;
  const code = typeof details.ledgerCode === 'string' ? details.ledgerCode : `http_${status}`;
  const fault = { code, message: error.message, status };
  if (status === 413) return fault;
  if ((status !== 400 && status !== 422) || code === 'invalid_json') return undefined;
  const issues = Array.isArray(details.issues) ? (details.issues as { path?: unknown }[]) : [];
  if (issues.length === 0) return fault;
  return issues.some((i) => Array.isArray(i.path) && i.path[0] === 'intents') ? fault : undefined;
}
