import {
  PROTOCOL_VERSION,
  gapReportV1Schema,
  registerIncarnationRequestV1Schema,
  registerIncarnationResponseV1Schema,
} from '../../protocol/index.js';
import { withTransactionRetry } from '../apply/retry-transaction.js';
import { TerminalNotAuthorized } from '../apply/terminal-check.js';
import { gapReport } from '../store/gap-report.js';
import { registerIncarnation } from '../store/incarnation-store.js';
import { requireSameTerminal, requireTerminal } from './authenticate.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** Till incarnations and the gap report: lost intents detected, not only duplicates. */
export const incarnationRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/incarnations',
    auth: 'terminal',
    response: registerIncarnationResponseV1Schema,
    handle: async ({ db, caller, body, now }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(registerIncarnationRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the registration');
      let registered;
      try {
        registered = await withTransactionRetry(db, (tx) =>
          registerIncarnation(tx, terminal, request.incarnationId, now().toISOString()),
        );
      } catch (error) {
        if (error instanceof TerminalNotAuthorized) throw new LedgerHttpError(401, 'unauthorized', 'the API key is unknown or revoked');
        throw error;
      }
      if (registered.outcome === 'taken') {
        throw new LedgerHttpError(409, 'incarnation_conflict', `incarnation ${request.incarnationId} belongs to another terminal`);
      }
      return { protocol: PROTOCOL_VERSION, incarnationId: request.incarnationId, seqBase: registered.seqBase };
    },
  },
  {
    method: 'GET',
    path: '/v1/admin/gaps',
    auth: 'admin',
    response: gapReportV1Schema,
    handle: async ({ db }) => ({ protocol: PROTOCOL_VERSION, gaps: await gapReport(db) }),
  },
];
