import { z } from 'zod';
import {
  PROTOCOL_VERSION,
  memberLookupResponseV1Schema,
  memberLookupV1Schema,
  normalizeIndianMobile,
  pullRequestV1Schema,
  pullResponseV1Schema,
  pushRequestV1Schema,
  pushResponseV1Schema,
} from '../../protocol/index.js';
import { applyIntents } from '../apply/apply-intents.js';
import { lookupMember } from '../store/member-store.js';
import { pullChanges } from '../store/pull-changes.js';
import { requireSameTerminal, requireTerminal } from './authenticate.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The endpoints tills call. */
export const terminalRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/health',
    auth: 'public',
    response: z.object({ ok: z.literal(true), protocol: z.literal(PROTOCOL_VERSION), database: z.string() }),
    handle: async ({ db }) => ({ ok: true, protocol: PROTOCOL_VERSION, database: db.kind }),
  },
  {
    method: 'POST',
    path: '/v1/push',
    auth: 'terminal',
    response: pushResponseV1Schema,
    handle: async ({ db, caller, body, now, rulesGraceMs, limits }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(pushRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the push');
      request.intents.forEach((intent, i) => requireSameTerminal(terminal, intent, `intents[${i}]`));
      const till = { ...terminal, sentAt: request.sentAt, limits }; // bounded authority: limits, approvals, clock skew
      return { protocol: PROTOCOL_VERSION, results: await applyIntents(db, request.intents, now, rulesGraceMs, till) };
    },
  },
  {
    method: 'POST',
    path: '/v1/pull',
    auth: 'terminal',
    response: pullResponseV1Schema,
    handle: async ({ db, caller, body }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(pullRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the pull');
      return pullChanges(db, request);
    },
  },
  {
    method: 'GET',
    path: '/v1/members/lookup',
    auth: 'any',
    response: memberLookupResponseV1Schema,
    handle: async ({ db, url }) => {
      const lookup = parseRequest(memberLookupV1Schema, Object.fromEntries(url.searchParams));
      if ('phone' in lookup && !normalizeIndianMobile(lookup.phone)) {
        throw new LedgerHttpError(400, 'invalid_request', 'phone is not an Indian mobile number', [
          { path: ['phone'], message: 'not an Indian mobile number' },
        ]);
      }
      const member = await lookupMember(db, lookup);
      if (!member) throw new LedgerHttpError(404, 'member_not_found', 'no member matches this lookup');
      return { protocol: PROTOCOL_VERSION, member };
    },
  },
];
