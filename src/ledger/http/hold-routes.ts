import {
  PROTOCOL_VERSION,
  allowancesRequestV1Schema,
  allowancesResponseV1Schema,
  holdResponseV1Schema,
  placeHoldRequestV1Schema,
  releaseAllowancesRequestV1Schema,
  releaseAllowancesResponseV1Schema,
  ulidSchema,
  voidHoldRequestV1Schema,
} from '../../protocol/index.js';
import { toMemberBalance } from '../apply/member-state.js';
import { withTransactionRetry } from '../apply/retry-transaction.js';
import { grantAllowances, releaseAllowances, type AllowanceOutcome } from '../holds/allowances.js';
import { toHoldV1 } from '../holds/hold.js';
import { placeHold, type HoldOutcome } from '../holds/place-hold.js';
import { voidHold } from '../holds/void-hold.js';
import { requireSameTerminal, requireTerminal } from './authenticate.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

const STATUS = {
  member_not_found: 404,
  hold_not_found: 404,
  hold_conflict: 409,
  hold_closed: 409,
  insufficient_points: 409,
  offline_redemption_denied: 409,
} as const;

/** The answer to a hold request, or its refusal as an HTTP error. */
function holdAnswer(result: HoldOutcome, at: string) {
  if (result.outcome !== 'ok') throw new LedgerHttpError(STATUS[result.outcome], result.outcome, result.message);
  return { protocol: PROTOCOL_VERSION, hold: toHoldV1(result.hold), balance: toMemberBalance(result.member), ledgerTime: at };
}

function allowancesAnswer(result: AllowanceOutcome, at: string) {
  if (result.outcome !== 'ok') throw new LedgerHttpError(STATUS[result.outcome], result.outcome, result.message);
  return {
    protocol: PROTOCOL_VERSION,
    allowances: result.grants.map((g) => ({ allowance: toHoldV1(g.allowance), balance: toMemberBalance(g.member) })),
    ledgerTime: at,
  };
}

/** Two-phase redemption: a till's holds and allowances (decided by the ledger's clock). */
export const holdRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/holds',
    auth: 'terminal',
    response: holdResponseV1Schema,
    handle: async ({ db, caller, body, now, redemptionPolicy }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(placeHoldRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the hold');
      const at = now().toISOString();
      return holdAnswer(await withTransactionRetry(db, (tx) => placeHold(tx, request, at, redemptionPolicy)), at);
    },
  },
  {
    method: 'POST',
    path: '/v1/holds/:holdId/void',
    auth: 'terminal',
    params: { holdId: ulidSchema },
    response: holdResponseV1Schema,
    handle: async ({ db, caller, body, now, params }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(voidHoldRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the void');
      const at = now().toISOString();
      return holdAnswer(await withTransactionRetry(db, (tx) => voidHold(tx, params.holdId!, terminal, at)), at);
    },
  },
  {
    method: 'POST',
    path: '/v1/allowances',
    auth: 'terminal',
    response: allowancesResponseV1Schema,
    handle: async ({ db, caller, body, now, newId, redemptionPolicy }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(allowancesRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the allowance request');
      const at = now().toISOString();
      return allowancesAnswer(await withTransactionRetry(db, (tx) => grantAllowances(tx, request, at, redemptionPolicy, newId)), at);
    },
  },
  {
    method: 'POST',
    path: '/v1/allowances/release',
    auth: 'terminal',
    response: releaseAllowancesResponseV1Schema,
    handle: async ({ db, caller, body, now }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(releaseAllowancesRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the release');
      const at = now().toISOString();
      return allowancesAnswer(await withTransactionRetry(db, (tx) => releaseAllowances(tx, terminal, request.allowanceIds, at)), at);
    },
  },
];
