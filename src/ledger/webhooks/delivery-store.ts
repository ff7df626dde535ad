import { instantColumn, intColumn } from '../sql/columns.js';
import type { SqlExecutor } from '../sql/sql-database.js';

/** A delivery a deliverer took (leased) and must now send: the event, where, and with which secret. */
export interface ClaimedDelivery {
  readonly subscriptionId: string;
  readonly position: number;
  /** This attempt's number (1 for the first); also the lease's token: a record for another attempt is ignored. */
  readonly attempts: number;
  readonly firstAttemptAt: string;
  readonly url: string;
  readonly secret: string;
  readonly eventId: string;
  /** The body to POST, as sent on every attempt (the same bytes for every subscription). */
  readonly body: string;
}

// The first pending delivery of each member of each live subscription: only a head may be sent,
// so a member's next event waits until the one before it is delivered or dead-lettered.
const HEADS = `
  SELECT DISTINCT ON (d.subscription_id, d.member_id) d.subscription_id, d.position, d.next_attempt_at, d.lease_until
    FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id
   WHERE d.state = 'pending' AND s.disabled_at IS NULL
   ORDER BY d.subscription_id, d.member_id, d.member_seq`;

/**
 * Takes up to `limit` heads that are due and not leased, leasing them until `leaseUntil`. Two
 * ledger processes may run it at once: the row update re-checks the lease after waiting for the
 * other's, so each head goes to one of them.
 */
export async function claimDueDeliveries(db: SqlExecutor, now: string, leaseUntil: string, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await db.query(
    `WITH heads AS (${HEADS}),
     due AS (
       SELECT subscription_id, position FROM heads
        WHERE (next_attempt_at IS NULL OR next_attempt_at <= $1::timestamptz) AND (lease_until IS NULL OR lease_until <= $1::timestamptz)
        ORDER BY next_attempt_at NULLS FIRST, position
        LIMIT $3
     )
     UPDATE webhook_deliveries d
        SET lease_until = $2::timestamptz, attempts = d.attempts + 1, first_attempt_at = coalesce(d.first_attempt_at, $1::timestamptz)
       FROM due, webhook_events e, webhook_subscriptions s
      WHERE d.subscription_id = due.subscription_id AND d.position = due.position
        AND e.position = d.position AND s.subscription_id = d.subscription_id
        AND d.state = 'pending' AND (d.lease_until IS NULL OR d.lease_until <= $1::timestamptz)
     RETURNING d.subscription_id, d.position, d.attempts, d.first_attempt_at, s.url, s.secret,
               e.event_id, e.type, e.member_id, e.member_seq, e.occurred_at, e.data`,
    [now, leaseUntil, limit],
  );
  return rows.map((r) => ({
    subscriptionId: String(r.subscription_id),
    position: intColumn(r.position),
    attempts: intColumn(r.attempts),
    firstAttemptAt: instantColumn(r.first_attempt_at),
    url: String(r.url),
    secret: String(r.secret),
    eventId: String(r.event_id),
    body: JSON.stringify({
      id: String(r.event_id),
      type: String(r.type),
      memberId: String(r.member_id),
      sequence: intColumn(r.member_seq),
      occurredAt: instantColumn(r.occurred_at),
      data: r.data,
    }),
  }));
}

/** A delivered delivery is done: its row goes (the event stays, for replays). */
export async function recordDelivered(db: SqlExecutor, delivery: ClaimedDelivery): Promise<void> {
  await db.query(`DELETE FROM webhook_deliveries WHERE subscription_id = $1 AND position = $2 AND attempts = $3 AND state = 'pending'`, [
    delivery.subscriptionId,
    delivery.position,
    delivery.attempts,
  ]);
}

/** A failed attempt: tried again at `retryAt`, or a dead letter from `deadAt` on. */
export async function recordFailed(
  db: SqlExecutor,
  delivery: ClaimedDelivery,
  error: string,
  next: { readonly retryAt: string } | { readonly deadAt: string },
): Promise<void> {
  await db.query(
    `UPDATE webhook_deliveries
        SET lease_until = NULL, last_error = $4, next_attempt_at = $5::timestamptz,
            state = CASE WHEN $6::timestamptz IS NULL THEN 'pending' ELSE 'dead' END, dead_at = $6::timestamptz
      WHERE subscription_id = $1 AND position = $2 AND attempts = $3 AND state = 'pending'`,
    [
      delivery.subscriptionId,
      delivery.position,
      delivery.attempts,
      error.slice(0, 500),
      'retryAt' in next ? next.retryAt : null,
      'deadAt' in next ? next.deadAt : null,
    ],
  );
}

/** When the next head falls due (its retry time, or the end of its lease; -Infinity: now); undefined when none is pending. */
export async function nextDueAt(db: SqlExecutor): Promise<number | undefined> {
  // GREATEST skips nulls: a head with neither time set is due now.
  const rows = await db.query(
    `WITH heads AS (${HEADS})
     SELECT min(greatest(next_attempt_at, lease_until)) AS due,
            count(*)::int AS n, count(*) FILTER (WHERE next_attempt_at IS NULL AND lease_until IS NULL)::int AS now_due
       FROM heads`,
  );
  const row = rows[0];
  if (!row || intColumn(row.n) === 0) return undefined;
  if (intColumn(row.now_due) > 0 || row.due === null || row.due === undefined) return Number.NEGATIVE_INFINITY;
  return new Date(instantColumn(row.due)).getTime();
}

/** Whether any subscription is live (nothing to deliver otherwise). */
export async function hasLiveSubscription(db: SqlExecutor): Promise<boolean> {
  const rows = await db.query(`SELECT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE disabled_at IS NULL) AS live`);
  return rows[0]?.live === true;
}
