import { PROTOCOL_VERSION } from '../../protocol/index.js';
import {
  MAX_REPLAY,
  createWebhookRequestV1Schema,
  createWebhookResponseV1Schema,
  deadLettersResponseV1Schema,
  deleteWebhookResponseV1Schema,
  listWebhooksResponseV1Schema,
  replayWebhookRequestV1Schema,
  replayWebhookResponseV1Schema,
  subscriptionIdSchema,
  webhookActionRequestV1Schema,
  webhookResponseV1Schema,
} from '../webhooks/webhook-admin-schemas.js';
import {
  createSubscription,
  deleteSubscription,
  findSubscription,
  listDeadLetters,
  listSubscriptions,
  replayEvents,
  setSubscriptionDisabled,
} from '../webhooks/subscription-store.js';
import { LedgerHttpError } from './ledger-http-error.js';
import { parseRequest } from './parse-request.js';
import type { Route, RouteContext } from './route.js';

const params = { subscriptionId: subscriptionIdSchema };

const notFound = (id: string) => new LedgerHttpError(404, 'webhook_not_found', `no webhook subscription ${id}`);

/** The `limit` query parameter of a list: 1 to 1000, 100 when absent; else a 400. */
function listLimit(url: URL): number {
  const given = url.searchParams.get('limit');
  if (given === null) return 100;
  const limit = /^\d{1,4}$/.test(given) ? Number(given) : Number.NaN;
  if (!(limit >= 1 && limit <= 1000)) {
    throw new LedgerHttpError(400, 'invalid_request', 'invalid request: limit: must be a whole number from 1 to 1000', [
      { path: ['limit'], message: 'must be a whole number from 1 to 1000' },
    ]);
  }
  return limit;
}

async function setDisabled(ctx: RouteContext, disabled: boolean) {
  parseRequest(webhookActionRequestV1Schema, await ctx.body());
  const id = ctx.params.subscriptionId!;
  const subscription = await setSubscriptionDisabled(ctx.db, id, disabled ? ctx.now().toISOString() : null);
  if (!subscription) throw notFound(id);
  ctx.webhooks?.subscriptionsChanged();
  return { protocol: PROTOCOL_VERSION, subscription };
}

/** Webhook subscriptions, dead letters and replays (admin keys only); see src/ledger/webhooks. */
export const webhookRoutes: readonly Route[] = [
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/webhooks',
    status: 201,
    response: createWebhookResponseV1Schema,
    handle: async ({ db, body, now, newId, webhooks }) => {
      const request = parseRequest(createWebhookRequestV1Schema, await body());
      const at = now();
      const made = await createSubscription(
        db,
        {
          subscriptionId: `wh_${newId(at.getTime())}`,
          url: request.url,
          ...(request.eventTypes ? { eventTypes: request.eventTypes } : {}),
          ...(request.description ? { description: request.description } : {}),
        },
        at.toISOString(),
      );
      webhooks?.subscriptionsChanged();
      return { protocol: PROTOCOL_VERSION, ...made };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/webhooks',
    response: listWebhooksResponseV1Schema,
    handle: async ({ db }) => ({ protocol: PROTOCOL_VERSION, subscriptions: await listSubscriptions(db) }),
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/webhooks/:subscriptionId/disable',
    params,
    response: webhookResponseV1Schema,
    handle: (ctx) => setDisabled(ctx, true),
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/webhooks/:subscriptionId/enable',
    params,
    response: webhookResponseV1Schema,
    handle: (ctx) => setDisabled(ctx, false),
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/webhooks/:subscriptionId/delete',
    params,
    response: deleteWebhookResponseV1Schema,
    handle: async ({ db, body, params: p, webhooks }) => {
      parseRequest(webhookActionRequestV1Schema, await body());
      if (!(await deleteSubscription(db, p.subscriptionId!))) throw notFound(p.subscriptionId!);
      webhooks?.subscriptionsChanged();
      return { protocol: PROTOCOL_VERSION, deleted: true };
    },
  },
  {
    method: 'GET',
    auth: 'admin',
    path: '/v1/admin/webhooks/:subscriptionId/dead-letters',
    params,
    response: deadLettersResponseV1Schema,
    handle: async ({ db, params: p, url }) => {
      const limit = listLimit(url);
      if (!(await findSubscription(db, p.subscriptionId!))) throw notFound(p.subscriptionId!);
      return { protocol: PROTOCOL_VERSION, deadLetters: await listDeadLetters(db, p.subscriptionId!, limit) };
    },
  },
  {
    method: 'POST',
    auth: 'admin',
    path: '/v1/admin/webhooks/:subscriptionId/replay',
    params,
    response: replayWebhookResponseV1Schema,
    handle: async ({ db, body, params: p, webhooks }) => {
      const request = parseRequest(replayWebhookRequestV1Schema, await body());
      const [from, to] = 'eventId' in request ? [request.eventId, request.eventId] : [request.fromEventId, request.toEventId];
      const replay = await replayEvents(db, p.subscriptionId!, from, to, MAX_REPLAY);
      if (replay.outcome === 'subscription_not_found') throw notFound(p.subscriptionId!);
      if (replay.outcome === 'event_not_found') throw new LedgerHttpError(404, 'event_not_found', `no webhook event ${from}${to !== from ? ` or ${to}` : ''}`);
      webhooks?.subscriptionsChanged();
      return { protocol: PROTOCOL_VERSION, replayed: replay.replayed, ...(replay.lastEventId ? { lastEventId: replay.lastEventId } : {}) };
    },
  },
];
