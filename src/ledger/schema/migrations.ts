import { MIGRATION_5 } from './migration-5-holds.js';
import { MIGRATION_6 } from './migration-6-enrolment.js';
import { MIGRATION_7 } from './migration-7-incarnations.js';
import { MIGRATION_8 } from './migration-8-webhooks.js';
import { MIGRATION_9 } from './migration-9-faster-event-ids.js';

/** One versioned step of the ledger's schema: single SQL statements, run in one transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * The ledger's schema, in order. Never edit a released step: add a new one.
 *
 * Accounts are named, not stored: `member:<id>` for each member's points (a liability of
 * the programme), and the programme's own `program:issuance`, `program:redemption` and
 * `program:adjustment`. Every movement is one journal row that debits one account and
 * credits another by the same positive amount, so the trial balance is zero by
 * construction; `members.points` is kept equal to the member account's journal balance
 * (checked by the trial balance) so a balance read never scans the journal.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'members, terminals, intents, journal',
    statements: [
      `CREATE TABLE members (
        member_id   text PRIMARY KEY,
        card_number text UNIQUE,
        phone       text UNIQUE,
        name        text,
        tier        text NOT NULL DEFAULT 'base',
        points      bigint NOT NULL DEFAULT 0,
        held        bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
        version     bigint NOT NULL DEFAULT 0,
        change_xid  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX members_by_change ON members (change_xid, member_id)`,
      `CREATE TABLE terminals (
        terminal_id text PRIMARY KEY,
        store_id    text NOT NULL,
        label       text,
        key_hash    text NOT NULL UNIQUE,
        last_seq    bigint NOT NULL DEFAULT 0,
        revoked_at  timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE admin_keys (
        key_hash   text PRIMARY KEY,
        label      text NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE intents (
        intent_id       text PRIMARY KEY,
        kind            text NOT NULL CHECK (kind IN ('accrue', 'redeem', 'reverse', 'adjust')),
        terminal_id     text NOT NULL,
        store_id        text NOT NULL,
        member_id       text NOT NULL,
        seq             bigint NOT NULL,
        occurred_at     timestamptz NOT NULL,
        received_at     timestamptz NOT NULL DEFAULT now(),
        content_hash    text NOT NULL,
        body            jsonb NOT NULL,
        outcome         text NOT NULL CHECK (outcome IN ('applied', 'rejected')),
        result          jsonb NOT NULL,
        points          bigint NOT NULL CHECK (points >= 0),
        reversed_points bigint NOT NULL DEFAULT 0 CHECK (reversed_points >= 0 AND reversed_points <= points)
      )`,
      `CREATE INDEX intents_by_member ON intents (member_id, intent_id)`,
      `CREATE INDEX intents_by_terminal ON intents (terminal_id, seq)`,
      `CREATE TABLE journal (
        entry_id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        intent_id      text NOT NULL REFERENCES intents (intent_id),
        debit_account  text NOT NULL,
        credit_account text NOT NULL,
        points         bigint NOT NULL CHECK (points > 0),
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK (debit_account <> credit_account)
      )`,
      `CREATE INDEX journal_by_debit ON journal (debit_account)`,
      `CREATE INDEX journal_by_credit ON journal (credit_account)`,
      `CREATE INDEX journal_by_intent ON journal (intent_id)`,
    ],
  },
  {
    version: 2,
    name: 'earning rules: rulesets, member visits and promotion usage, earn results',
    statements: [
      `CREATE TABLE rulesets (
        version        integer PRIMARY KEY CHECK (version >= 1),
        body           jsonb NOT NULL,
        effective_from timestamptz NOT NULL,
        published_at   timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE INDEX rulesets_by_effective ON rulesets (effective_from, version)`,
      `ALTER TABLE members ADD COLUMN visits integer NOT NULL DEFAULT 0`,
      `CREATE TABLE member_promotions (
        member_id    text NOT NULL REFERENCES members (member_id),
        promotion_id text NOT NULL,
        points       bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (member_id, promotion_id)
      )`,
      `ALTER TABLE intents ADD COLUMN earn jsonb`,
      `ALTER TABLE intents ADD COLUMN reversed_lines text[] NOT NULL DEFAULT '{}'`,
      `CREATE INDEX intents_accruals_by_member ON intents (member_id, occurred_at) WHERE kind = 'accrue' AND outcome = 'applied'`,
    ],
  },
  {
    version: 3,
    name: 'admin keys: public id, last use',
    statements: [
      // The public id of a key is a prefix of its hash: enough to name it, useless to guess it.
      `ALTER TABLE admin_keys ADD COLUMN key_id text`,
      `UPDATE admin_keys SET key_id = 'ak_' || left(key_hash, 12)`,
      `ALTER TABLE admin_keys ALTER COLUMN key_id SET NOT NULL`,
      `CREATE UNIQUE INDEX admin_keys_by_id ON admin_keys (key_id)`,
      `ALTER TABLE admin_keys ADD COLUMN last_used_at timestamptz`,
    ],
  },
  {
    version: 4,
    name: 'bounded authority: limits, managers, till clocks, corrected bill times',
    statements: [
      // scope: 'program' or 'store:<id>'; body: the limits set at that scope.
      `CREATE TABLE limits (
        scope      text PRIMARY KEY,
        body       jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`,
      `CREATE TABLE managers (
        store_id       text NOT NULL,
        manager_id     text NOT NULL,
        label          text,
        pin_hash       text NOT NULL,
        failures       integer NOT NULL DEFAULT 0,
        failures_since timestamptz,
        locked_until   timestamptz,
        revoked_at     timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (store_id, manager_id)
      )`,
      `ALTER TABLE terminals ADD COLUMN clock_skew_ms bigint`,
      `ALTER TABLE terminals ADD COLUMN clock_read_at timestamptz`,
      // The bill's time after correcting the till's clock; null when it equals occurred_at.
      `ALTER TABLE intents ADD COLUMN billed_at timestamptz`,
      // Points each terminal granted per minute of bill time, kept only while a terminal limit is
      // configured for its store: no cost on the intents table when no limit is set.
      `CREATE TABLE terminal_grants (
        terminal_id text NOT NULL,
        minute      bigint NOT NULL,
        points      bigint NOT NULL,
        PRIMARY KEY (terminal_id, minute)
      )`,
    ],
  },
  // From here on each step lives in its own file.
  MIGRATION_5,
  MIGRATION_6,
  MIGRATION_7,
  MIGRATION_8,
  MIGRATION_9,
];
