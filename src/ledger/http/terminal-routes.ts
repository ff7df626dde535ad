import { z } from 'zod';
import {
  MAX_PULL_MEMBERS,
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
import { memberViewFor } from '../auth/member-view.js';
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
    handle: async ({ db, caller, body, now, rulesGraceMs }) => {
      const terminal = requireTerminal(caller);
      const request = parseRequest(pushRequestV1Schema, await body());
      requireSameTerminal(terminal, request, 'the push');
      request.intents.forEach((intent, i) => requireSameTerminal(terminal, intent, `intents[${i}]`));
      return { protocol: PROTOCOL_VERSION, results: await applyIntents(db, request.intents, now, rulesGraceMs) };
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
      // A till asks about the members it serves; it may not page through the programme.
      // (memberIds stays optional on the wire so the message keeps its shape.)
      if (request.memberIds === undefined) {
        throw new LedgerHttpError(
          400,
          'member_scope_required',
          `a terminal's pull must name its members in memberIds (at most ${MAX_PULL_MEMBERS})`,
          [{ path: ['memberIds'], message: 'required for a terminal' }],
        );
      }
      return pullChanges(db, { ...request, memberIds: request.memberIds });
    },
  },
  {
    method: 'GET',
    path: '/v1/members/lookup',
    auth: 'any',
    response: memberLookupResponseV1Schema,
    handle: async ({ db, caller, url }) => {
      const lookup = parseRequest(memberLookupV1Schema, Object.fromEntries(url.searchParams));
      if ('phone' in lookup && !normalizeIndianMobile(lookup.phone)) {
        throw new LedgerHttpError(400, 'invalid_request', 'phone is not an Indian mobile number', [
          { path: ['phone'], message: 'not an Indian mobile number' },
        ]);
      }
      // Any till may find any member (members shop anywhere), by card, phone or member id
      // (the id a till already holds from a card, a receipt or its queue), one member per
      // request, and sees only the counter's view of them.
      const member = await lookupMember(db, lookup);
      if (!member) throw new LedgerHttpError(404, 'member_not_found', 'no member matches this lookup');
      return { protocol: PROTOCOL_VERSION, member: memberViewFor(caller.kind === 'admin' ? 'admin' : 'terminal', member) };
    },
  },
];
