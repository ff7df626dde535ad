import {
  PROTOCOL_VERSION,
  publishRulesetRequestV1Schema,
  rulesetResponseV1Schema,
  type RulesetResponseV1,
} from '../../protocol/index.js';
import type { PublishedRuleset } from '../store/ruleset-store.js';
import { loadRulesets, publishRuleset, rulesetInForce } from '../store/ruleset-store.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route } from './route.js';

function toResponse(r: PublishedRuleset, body: unknown): RulesetResponseV1 {
  return { protocol: PROTOCOL_VERSION, version: r.version, effectiveFrom: r.effectiveFrom, publishedAt: r.publishedAt, ruleset: body as Record<string, unknown> };
}

/** Publishing earning rules (admin) and fetching them (tills keep the current one offline). */
export const rulesetRoutes: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/admin/rulesets',
    auth: 'admin',
    status: 201,
    response: rulesetResponseV1Schema,
    handle: async ({ db, body, now }) => {
      const request = parseRequest(publishRulesetRequestV1Schema, await body());
      const at = now().toISOString();
      const published = await publishRuleset(db, request.ruleset, request.effectiveFrom ?? at, at);
      return toResponse(published, request.ruleset);
    },
  },
  {
    method: 'GET',
    path: '/v1/rulesets/current',
    auth: 'any',
    response: rulesetResponseV1Schema,
    handle: async ({ db, now }) => {
      const rulesets = await loadRulesets(db);
      // The one in force now; a till refreshes it every sync round, and the grace period
      // covers bills it earns with the previous one meanwhile.
      const current = rulesetInForce(rulesets, now().toISOString());
      if (!current) throw new LedgerHttpError(404, 'ruleset_not_found', 'no ruleset has been published');
      return toResponse(current, current.ruleset);
    },
  },
];
