import type { Migration } from './migrations.js';

/** An instant as the protocol writes it (`2026-11-30T12:00:00.000Z`), whatever the session's time zone. */
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A member's balance as the protocol's `MemberBalanceV1`, read from their row at commit. */
const BALANCE_OF = (memberId: string) => `(SELECT jsonb_build_object('memberId', m.member_id, 'points', m.points, 'held', m.held,
    'available', m.points - m.held, 'version', m.version, 'updatedAt', ${ISO('m.updated_at')})
   FROM members m WHERE m.member_id = ${memberId})`;

/**
 * The webhook outbox (src/ledger/webhooks): events, subscriptions and their deliveries.
 *
 * Events are written by triggers on the tables that hold the ledger's movements (intents, holds,
 * members, member aliases), so every writer of a movement, today's and tomorrow's, writes its
 * event in the same transaction: a crash after a commit loses no event, and a rolled-back or
 * refused intent writes none. Applied intents and new members are written set-based at the end
 * of their statement (the hot path: a push of 1000 intents is one trigger call); holds, tier
 * changes and merges are deferred to the commit, so they see the transaction's final rows (a
 * hold's member balance after the whole change) and follow its points events.
 *
 * Each event gets a ULID (the idempotency id a receiver dedupes by), the next number of its
 * member's sequence, and one delivery row per live subscription whose filter takes its type. A
 * delivery is deleted once delivered; a dead letter stays, with its state `dead`.
 */
export const MIGRATION_8: Migration = {
  version: 8,
  name: 'webhooks: event outbox written by triggers, subscriptions, deliveries and dead letters',
  statements: [
    `CREATE TABLE webhook_events (
      position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      event_id    text NOT NULL UNIQUE,
      type        text NOT NULL,
      member_id   text NOT NULL,
      member_seq  bigint NOT NULL,
      occurred_at timestamptz NOT NULL,
      data        jsonb NOT NULL,
      UNIQUE (member_id, member_seq)
    )`,
    `CREATE TABLE webhook_member_seqs (
      member_id text PRIMARY KEY,
      last_seq  bigint NOT NULL
    )`,
    `CREATE TABLE webhook_subscriptions (
      subscription_id text PRIMARY KEY,
      url             text NOT NULL,
      event_types     text[],
      secret          text NOT NULL,
      description     text,
      created_at      timestamptz NOT NULL,
      disabled_at     timestamptz
    )`,
    // next_attempt_at null: due at once (whatever the clocks say); lease_until: taken by a deliverer until then.
    `CREATE TABLE webhook_deliveries (
      subscription_id  text NOT NULL REFERENCES webhook_subscriptions (subscription_id) ON DELETE CASCADE,
      position         bigint NOT NULL REFERENCES webhook_events (position),
      member_id        text NOT NULL,
      member_seq       bigint NOT NULL,
      state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'dead')),
      attempts         integer NOT NULL DEFAULT 0,
      next_attempt_at  timestamptz,
      first_attempt_at timestamptz,
      lease_until      timestamptz,
      last_error       text,
      dead_at          timestamptz,
      PRIMARY KEY (subscription_id, position)
    )`,
    `CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (subscription_id, member_id, member_seq) WHERE state = 'pending'`,
    // A ULID (Crockford base32: 48 bits of milliseconds, 80 random bits) timed by the ledger's clock.
    `CREATE FUNCTION tp_webhook_ulid(at timestamptz) RETURNS text LANGUAGE sql VOLATILE AS $$
      SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ',
               CASE WHEN i < 10 THEN ((floor(extract(epoch FROM at) * 1000)::bigint >> ((9 - i) * 5)) & 31)::int
                    ELSE floor(random() * 32)::int END + 1, 1), '' ORDER BY i)
        FROM generate_series(0, 25) AS i
    $$`,
    `CREATE FUNCTION tp_webhook_event(p_type text, p_member text, p_at timestamptz, p_data jsonb) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      v_seq bigint;
      v_position bigint;
    BEGIN
      INSERT INTO webhook_member_seqs AS s (member_id, last_seq) VALUES (p_member, 1)
        ON CONFLICT (member_id) DO UPDATE SET last_seq = s.last_seq + 1
        RETURNING last_seq INTO v_seq;
      INSERT INTO webhook_events (event_id, type, member_id, member_seq, occurred_at, data)
        VALUES (tp_webhook_ulid(p_at), p_type, p_member, v_seq, p_at, jsonb_strip_nulls(p_data))
        RETURNING position INTO v_position;
      INSERT INTO webhook_deliveries (subscription_id, position, member_id, member_seq)
        SELECT subscription_id, v_position, p_member, v_seq FROM webhook_subscriptions
         WHERE disabled_at IS NULL AND (event_types IS NULL OR p_type = ANY (event_types));
    END $$`,
    // A set-based writer of many events (one statement's rows): numbers each member's events in
    // \`ord\` order after their last, in one upsert, and queues them for the live subscriptions.
    `CREATE FUNCTION tp_webhook_events(p_events jsonb) RETURNS void LANGUAGE sql AS $$
      WITH ev AS (
        SELECT e.type, e.member_id, e.at, e.data, e.ord,
               row_number() OVER (PARTITION BY e.member_id ORDER BY e.ord) AS k,
               count(*) OVER (PARTITION BY e.member_id) AS n
          FROM jsonb_to_recordset(p_events) AS e(type text, member_id text, at timestamptz, data jsonb, ord bigint)
      ), bumped AS (
        INSERT INTO webhook_member_seqs AS s (member_id, last_seq)
        SELECT member_id, max(n) FROM ev GROUP BY member_id
        ON CONFLICT (member_id) DO UPDATE SET last_seq = s.last_seq + EXCLUDED.last_seq
        RETURNING member_id, last_seq
      ), inserted AS (
        INSERT INTO webhook_events (event_id, type, member_id, member_seq, occurred_at, data)
        SELECT tp_webhook_ulid(ev.at), ev.type, ev.member_id, b.last_seq - ev.n + ev.k, ev.at, jsonb_strip_nulls(ev.data)
          FROM ev JOIN bumped b ON b.member_id = ev.member_id
         ORDER BY ev.ord
        RETURNING position, type, member_id, member_seq
      )
      INSERT INTO webhook_deliveries (subscription_id, position, member_id, member_seq)
      SELECT s.subscription_id, i.position, i.member_id, i.member_seq
        FROM inserted i JOIN webhook_subscriptions s ON s.disabled_at IS NULL AND (s.event_types IS NULL OR i.type = ANY (s.event_types))
    $$`,
    // Applied intents (one statement of a push: the hot path, so set-based and at the statement's
    // end): the amount as stored (an adjustment's with its sign), the balance each answered.
    `CREATE FUNCTION tp_webhook_intent_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM tp_webhook_events(coalesce((
        SELECT jsonb_agg(jsonb_build_object(
          'type', CASE i.kind WHEN 'accrue' THEN 'points.earned' WHEN 'redeem' THEN 'points.redeemed'
                              WHEN 'reverse' THEN 'points.returned' ELSE 'points.adjusted' END,
          'member_id', i.member_id,
          'at', i.received_at,
          'ord', row_number,
          'data', jsonb_build_object(
            'intentId', i.intent_id,
            'points', CASE WHEN i.kind = 'adjust' THEN (i.body ->> 'points')::bigint ELSE i.points END,
            'balance', i.result -> 'balance',
            'billId', i.body -> 'bill' ->> 'billId',
            'originalIntentId', i.body ->> 'originalIntentId',
            'storeId', i.store_id,
            'terminalId', i.terminal_id)))
          FROM (SELECT n.*, row_number() OVER (ORDER BY n.seq, n.intent_id) FROM new_intents n
                 WHERE n.outcome = 'applied' AND n.kind <> 'enrol') i), '[]'::jsonb));
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER webhook_intent_events AFTER INSERT ON intents REFERENCING NEW TABLE AS new_intents
      FOR EACH STATEMENT EXECUTE FUNCTION tp_webhook_intent_events()`,
    // A hold or allowance placed, or its state moved (captured, voided, released, expired); a renewal is no event.
    `CREATE FUNCTION tp_webhook_hold_event() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      v_type text;
    BEGIN
      IF TG_OP = 'INSERT' THEN
        v_type := CASE NEW.kind WHEN 'hold' THEN 'hold.placed' ELSE 'allowance.granted' END;
      ELSIF NEW.state IS DISTINCT FROM OLD.state THEN
        v_type := NEW.kind || '.' || NEW.state;
      ELSIF NEW.captured <> OLD.captured THEN
        v_type := NEW.kind || '.captured';
      ELSE
        RETURN NULL;
      END IF;
      PERFORM tp_webhook_event(v_type, NEW.member_id, coalesce(NEW.closed_at, NEW.created_at),
        jsonb_build_object(
          'holdId', NEW.hold_id,
          'points', NEW.points,
          'captured', NEW.captured,
          'billId', NEW.bill_id,
          'expiresAt', ${ISO('NEW.expires_at')},
          'balance', ${BALANCE_OF('NEW.member_id')},
          'storeId', NEW.store_id,
          'terminalId', NEW.terminal_id));
      RETURN NULL;
    END $$`,
    `CREATE CONSTRAINT TRIGGER webhook_hold_events AFTER INSERT OR UPDATE ON holds DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION tp_webhook_hold_event()`,
    // Members enrolled (a till's or the loyalty team's, up to 10,000 at once): at the end of their
    // insert, so before the opening points of the same transaction.
    `CREATE FUNCTION tp_webhook_enrolled_events() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM tp_webhook_events(coalesce((
        SELECT jsonb_agg(jsonb_build_object(
          'type', 'member.enrolled',
          'member_id', m.member_id,
          'at', m.created_at,
          'ord', 1,
          'data', jsonb_build_object(
            'intentId', m.enrolled_by_intent,
            'tier', m.tier,
            'balance', jsonb_build_object('memberId', m.member_id, 'points', m.points, 'held', m.held,
              'available', m.points - m.held, 'version', m.version, 'updatedAt', ${ISO('m.updated_at')}),
            'storeId', m.enrolled_store_id,
            'terminalId', m.enrolled_terminal_id)))
          FROM new_members m), '[]'::jsonb));
      RETURN NULL;
    END $$`,
    `CREATE TRIGGER webhook_member_enrolled_events AFTER INSERT ON members REFERENCING NEW TABLE AS new_members
      FOR EACH STATEMENT EXECUTE FUNCTION tp_webhook_enrolled_events()`,
    `CREATE FUNCTION tp_webhook_tier_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.tier IS DISTINCT FROM OLD.tier THEN
        PERFORM tp_webhook_event('tier.changed', NEW.member_id, NEW.updated_at,
          jsonb_build_object('from', OLD.tier, 'to', NEW.tier, 'balance', ${BALANCE_OF('NEW.member_id')}));
      END IF;
      RETURN NULL;
    END $$`,
    `CREATE CONSTRAINT TRIGGER webhook_member_tier_events AFTER UPDATE OF tier ON members DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION tp_webhook_tier_event()`,
    // An id a till made for a customer who already was a member: the survivor's event.
    `CREATE FUNCTION tp_webhook_merge_event() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM tp_webhook_event('member.merged', NEW.member_id, NEW.merged_at,
        jsonb_build_object('aliasId', NEW.alias_id, 'intentId', NEW.intent_id, 'balance', ${BALANCE_OF('NEW.member_id')}));
      RETURN NULL;
    END $$`,
    `CREATE CONSTRAINT TRIGGER webhook_member_merged_events AFTER INSERT ON member_aliases DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION tp_webhook_merge_event()`,
  ],
};
