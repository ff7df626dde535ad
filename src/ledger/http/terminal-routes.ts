import * as z from 'zod/mini';
import {
  MAX_PULL_MEMBERS,
  PROTOCOL_VERSION,
  memberLookupResponseV1Schema,
  memberLookupV1Schema,
  normalizeIndianMobile,
  pullRequestV1Schema,
  pullResponseV1Schema,
  pushResponseV1Schema,
  type PushResultV1,
} from '../../protocol/index.js';
import { applyIntents } from '../apply/apply-intents.js';
import { TerminalNotAuthorized } from '../apply/terminal-check.js';
import { memberViewFor } from '../auth/member-view.js';
import { lookupWithAliases } from '../members/lookup-with-aliases.js';
import { pullChanges } from '../store/pull-changes.js';
import { requireSameTerminal, requireTerminal } from './authenticate.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parsePush } from './parse-push.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

/** The endpoints tills call. */
export const terminalRoutes: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/health',
    auth: 'public',
    response: z.object({ ok: z.literal(true), protocol: z.literal(PROTOCOL_VERSION), database: z.string() }),
    /**
     * 200 while the ledger can serve, 503 `storage_unavailable` while its database cannot: a
     * load balancer or a till then sees the ledger as down rather than as failing requests.
     * Health does not queue behind pushes and answers within about a second (`DatabaseLiveness`):
     * 200 if the database answered any request in the last 2 s (a busy ledger is up), else if it
     * answers a ping within 1 s; 503 when it answered nothing for 2 s nor a ping within 1 s.
     * - PostgreSQL: the ping is `SELECT 1` on the pool; a request that could not reach the
     *   server makes the next check ping (a server that went down is 503 at once).
     * - The embedded database (one statement at a time, in its own thread): the ping is answered
     *   between two statements; 503 at once when the thread died or the database was closed.
     */
    handle: async ({ db }) => {
      if (db.ping) await db.ping();
      else await db.query('SELECT 1');
      return { ok: true, protocol: PROTOCOL_VERSION, database: db.kind };
    },
  },
  {
    method: 'POST',
    path: '/v1/push',
    auth: 'terminal',
    response: pushResponseV1Schema,
    handle: async ({ db, caller, body, now, rulesGraceMs, limits, redemptionPolicy }) => {
      const terminal = requireTerminal(caller);
      const { envelope, items } = parsePush(await body());
      requireSameTerminal(terminal, envelope, 'the push');
      items.forEach((item, i) => 'intent' in item && requireSameTerminal(terminal, item.intent, `intents[${i}]`));
      const valid = items.flatMap((item) => ('intent' in item ? [item.intent] : []));
      let applied: PushResultV1[] = [];
      try {
        // The terminal is checked again inside the transaction: a key revoked while this
        // request was on its way gets nothing applied.
        // Bounded authority: the till's limits, manager approvals and clock skew.
        const till = { ...terminal, sentAt: envelope.sentAt, limits, redemptionPolicy };
        if (valid.length > 0) applied = await applyIntents(db, valid, now, rulesGraceMs, till);
      } catch (error) {
        if (error instanceof TerminalNotAuthorized) throw new LedgerHttpError(401, 'unauthorized', 'the API key is unknown or revoked');
        throw error;
      }
      const results = applied.values();
      return {
        protocol: PROTOCOL_VERSION,
        results: items.map((item) => ('intent' in item ? results.next().value! : item.refused)),
      };
    },
  },
  {
    method: 'POST',
    path: '/v1/pull',
    auth: 'terminal',
    response: pullResponseV1Schema,
    handle: async ({ db, caller, body, now }) => {
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
      return pullChanges(db, { ...request, memberIds: request.memberIds }, now().toISOString());
    },
  },
  {
    method: 'GET',
    path: '/v1/members/lookup',
    auth: 'any',
    response: memberLookupResponseV1Schema,
    handle: async ({ db, caller, url, now }) => {
      const lookup = parseRequest(memberLookupV1Schema, Object.fromEntries(url.searchParams));
      if ('phone' in lookup && !normalizeIndianMobile(lookup.phone)) {
        throw new LedgerHttpError(400, 'invalid_request', 'phone is not an Indian mobile number', [
          { path: ['phone'], message: 'not an Indian mobile number' },
        ]);
      }
      // Any till may find any member (members shop anywhere), by card, phone or member id
      // (the id a till already holds from a card, a receipt or its queue), one member per
      // request, and sees only the counter's view of them.
      // A till-made id merged into another member finds that member, with `mergedFrom`.
      const found = await lookupWithAliases(db, lookup, now().toISOString());
      if (!found) throw new LedgerHttpError(404, 'member_not_found', 'no member matches this lookup');
      return {
        protocol: PROTOCOL_VERSION,
        member: memberViewFor(caller.kind === 'admin' ? 'admin' : 'terminal', found.member),
        ...(found.mergedFrom !== undefined ? { mergedFrom: found.mergedFrom } : {}),
      };
    },
  },
];
