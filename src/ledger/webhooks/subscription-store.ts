import { randomBytes } from 'node:crypto';
import { instantColumn, intColumn, textOrNull } from '../sql/columns.js';
import type { SqlDatabase, SqlExecutor } from '../sql/sql-database.js';
import type { WebhookEventType } from './webhook-event.js';

/** A subscription as the admin endpoints show it (never its secret). */
export interface WebhookSubscription {
  readonly subscriptionId: string;
  readonly url: string;
  /** The event types it receives; absent: all of them. */
  readonly eventTypes?: WebhookEventType[];
  readonly description?: string;
  readonly createdAt: string;
  readonly disabledAt?: string;
  /** Deliveries waiting to be sent or retried. */
  readonly pending: number;
  readonly deadLetters: number;
}

/** A delivery that was given up on. */
export interface DeadLetter {
  readonly eventId: string;
  readonly type: string;
  readonly memberId: string;
  readonly sequence: number;
  readonly occurredAt: string;
  readonly attempts: number;
  readonly lastError: string;
  readonly deadAt: string;
}

const SUBSCRIPTION_COLUMNS = `s.subscription_id, s.url, s.event_types, s.description, s.created_at, s.disabled_at,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.state = 'pending')::int AS pending,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.state = 'dead')::int AS dead`;

function subscriptionFromRow(r: Record<string, unknown>): WebhookSubscription {
  const types = r.event_types as WebhookEventType[] | null;
  const description = textOrNull(r.description);
  return {
    subscriptionId: String(r.subscription_id),
    url: String(r.url),
    ...(types ? { eventTypes: types } : {}),
    ...(description !== null ? { description } : {}),
    createdAt: instantColumn(r.created_at),
    ...(r.disabled_at ? { disabledAt: instantColumn(r.disabled_at) } : {}),
    pending: intColumn(r.pending),
    deadLetters: intColumn(r.dead),
  };
}

/** Makes a subscription and its signing secret (`whsec_` and 43 characters: returned once, kept to sign). */
export async function createSubscription(
  db: SqlDatabase,
  fields: { subscriptionId: string; url: string; eventTypes?: readonly WebhookEventType[]; description?: string },
  at: string,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  await db.transaction((tx) =>
    tx.query(
      `INSERT INTO webhook_subscriptions (subscription_id, url, event_types, secret, description, created_at)
       VALUES ($1, $2, $3::text[], $4, $5, $6::timestamptz)`,
      [fields.subscriptionId, fields.url, fields.eventTypes ? [...new Set(fields.eventTypes)] : null, secret, fields.description ?? null, at],
    ),
  );
  return { subscription: (await findSubscription(db, fields.subscriptionId))!, secret };
}

/** Every subscription, oldest first. */
export async function listSubscriptions(db: SqlExecutor): Promise<WebhookSubscription[]> {
  const rows = await db.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s ORDER BY s.created_at, s.subscription_id`);
  return rows.map(subscriptionFromRow);
}

/** One subscription, if it exists. */
export async function findSubscription(db: SqlExecutor, subscriptionId: string): Promise<WebhookSubscription | undefined> {
  const rows = await db.query(`SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s WHERE s.subscription_id = $1`, [subscriptionId]);
  return rows[0] && subscriptionFromRow(rows[0]);
}

/**
 * Disables (`at`) or enables (null) a subscription. A disabled one gets no new deliveries and sends
 * none; its pending ones wait for it to be enabled.
 */
export async function setSubscriptionDisabled(db: SqlDatabase, subscriptionId: string, at: string | null): Promise<WebhookSubscription | undefined> {
  const rows = await db.transaction((tx) =>
    tx.query(`UPDATE webhook_subscriptions SET disabled_at = $2::timestamptz WHERE subscription_id = $1 RETURNING subscription_id`, [subscriptionId, at]),
  );
  return rows.length === 0 ? undefined : findSubscription(db, subscriptionId);
}

/** Deletes a subscription with its pending deliveries and dead letters; false when there was none. */
export async function deleteSubscription(db: SqlDatabase, subscriptionId: string): Promise<boolean> {
  const rows = await db.transaction((tx) => tx.query(`DELETE FROM webhook_subscriptions WHERE subscription_id = $1 RETURNING subscription_id`, [subscriptionId]));
  return rows.length > 0;
}

/** A subscription's dead letters, oldest event first, `limit` of them after `afterEventId`. */
export async function listDeadLetters(db: SqlExecutor, subscriptionId: string, limit: number): Promise<DeadLetter[]> {
  const rows = await db.query(
    `SELECT e.event_id, e.type, e.member_id, e.member_seq, e.occurred_at, d.attempts, d.last_error, d.dead_at
       FROM webhook_deliveries d JOIN webhook_events e ON e.position = d.position
      WHERE d.subscription_id = $1 AND d.state = 'dead'
      ORDER BY d.position LIMIT $2`,
    [subscriptionId, limit],
  );
  return rows.map((r) => ({
    eventId: String(r.event_id),
    type: String(r.type),
    memberId: String(r.member_id),
    sequence: intColumn(r.member_seq),
    occurredAt: instantColumn(r.occurred_at),
    attempts: intColumn(r.attempts),
    lastError: String(r.last_error ?? ''),
    deadAt: instantColumn(r.dead_at),
  }));
}

/** What a replay found: how many deliveries it queued, and the last event it queued (to continue after it). */
export type ReplayOutcome =
  | { readonly outcome: 'replayed'; readonly replayed: number; readonly lastEventId?: string }
  | { readonly outcome: 'subscription_not_found' }
  | { readonly outcome: 'event_not_found' };

/**
 * Queues events again for a subscription: from `fromEventId` to `toEventId` (both included; one
 * event when they are the same), at most `limit`, only types its filter takes. A dead letter is
 * revived; a delivered event is sent again with its id (a receiver that dedupes ignores it).
 */
export async function replayEvents(
  db: SqlDatabase,
  subscriptionId: string,
  fromEventId: string,
  toEventId: string | undefined,
  limit: number,
): Promise<ReplayOutcome> {
  return db.transaction(async (tx) => {
    const subs = await tx.query(`SELECT event_types FROM webhook_subscriptions WHERE subscription_id = $1 FOR UPDATE`, [subscriptionId]);
    if (subs.length === 0) return { outcome: 'subscription_not_found' };
    const bounds = await tx.query(`SELECT event_id, position FROM webhook_events WHERE event_id = ANY($1::text[])`, [
      [fromEventId, toEventId ?? fromEventId],
    ]);
    const from = bounds.find((b) => b.event_id === fromEventId);
    const to = bounds.find((b) => b.event_id === (toEventId ?? fromEventId));
    if (!from || !to) return { outcome: 'event_not_found' };
    const rows = await tx.query(
      `INSERT INTO webhook_deliveries (subscription_id, position, member_id, member_seq)
       SELECT $1, e.position, e.member_id, e.member_seq FROM webhook_events e
        WHERE e.position BETWEEN $2 AND $3
          AND ($4::text[] IS NULL OR e.type = ANY ($4::text[]))
        ORDER BY e.position LIMIT $5
       ON CONFLICT (subscription_id, position) DO UPDATE
          SET state = 'pending', attempts = 0, next_attempt_at = NULL, first_attempt_at = NULL, lease_until = NULL,
              last_error = NULL, dead_at = NULL
       RETURNING position`,
      [subscriptionId, intColumn(from.position), intColumn(to.position), subs[0]!.event_types ?? null, limit],
    );
    if (rows.length === 0) return { outcome: 'replayed', replayed: 0 };
    const last = Math.max(...rows.map((r) => intColumn(r.position)));
    const lastRow = await tx.query(`SELECT event_id FROM webhook_events WHERE position = $1`, [last]);
    return { outcome: 'replayed', replayed: rows.length, lastEventId: String(lastRow[0]!.event_id) };
  });
}
