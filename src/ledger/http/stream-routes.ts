import { pullResponseV1Schema, streamRequestV1Schema } from '../../protocol/index.js';
import { requireSameTerminal, requireTerminal } from './authenticate.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The live stream to tills: changes of their members, rulesets and their holds, as they commit. */
export const streamRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/stream',
    auth: 'terminal',
    // Not a JSON answer: `text/event-stream`, whose `changes` events carry pull answers.
    response: pullResponseV1Schema,
    streams: true,
    handle: async ({ caller, body, request, live }) => {
      const terminal = requireTerminal(caller);
      const asked = parseRequest(streamRequestV1Schema, await body());
      requireSameTerminal(terminal, asked, 'the stream');
      if (!live) throw new LedgerHttpError(404, 'not_found', 'this ledger does not stream; pull');
      return live.open({ terminal, memberIds: asked.memberIds, cursor: asked.cursor }, request.signal);
    },
  },
];
