import type { Migration } from './migrations.js';

/**
 * Holds and allowances (two-phase redemption), redemption policies, offline redemption basis and shortfalls.
 *
 * A hold's points leave the member's account for `program:pending` when it is placed; a
 * capture moves them on to `program:redemption`, and a void, a release or an expiry moves what
 * is left back. Those entries carry the hold's id and no intent (a capture's entry carries both).
 */
export const MIGRATION_5: Migration = {
  version: 5,
  name: 'holds and allowances, redemption policies, offline redemption basis and shortfalls',
  statements: [
    `CREATE TABLE holds (
      hold_id      text PRIMARY KEY,
      kind         text NOT NULL CHECK (kind IN ('hold', 'allowance')),
      member_id    text NOT NULL REFERENCES members (member_id),
      terminal_id  text NOT NULL,
      store_id     text NOT NULL,
      points       bigint NOT NULL CHECK (points > 0),
      captured     bigint NOT NULL DEFAULT 0 CHECK (captured >= 0 AND captured <= points),
      state        text NOT NULL CHECK (state IN ('open', 'captured', 'voided', 'released', 'expired')),
      bill_id      text,
      content_hash text NOT NULL,
      expires_at   timestamptz NOT NULL,
      created_at   timestamptz NOT NULL,
      closed_at    timestamptz
    )`,
    `CREATE INDEX holds_open_by_member ON holds (member_id) WHERE state = 'open'`,
    `CREATE INDEX holds_open_by_expiry ON holds (expires_at) WHERE state = 'open'`,
    `CREATE INDEX holds_by_terminal ON holds (terminal_id, member_id)`,
    // scope: 'program' or 'store:<id>'; body: the policy set at that scope (like limits).
    `CREATE TABLE redemption_policies (
      scope      text PRIMARY KEY,
      body       jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `ALTER TABLE journal ALTER COLUMN intent_id DROP NOT NULL`,
    `ALTER TABLE journal ADD COLUMN hold_id text REFERENCES holds (hold_id)`,
    `ALTER TABLE journal ADD CONSTRAINT journal_intent_or_hold CHECK (intent_id IS NOT NULL OR hold_id IS NOT NULL)`,
    `CREATE INDEX journal_by_hold ON journal (hold_id) WHERE hold_id IS NOT NULL`,
    // What an applied redemption relied on (null: a till older than holds), and any shortfall
    // found at reconciliation with who carries it: the report reads these columns only.
    `ALTER TABLE intents ADD COLUMN basis text CHECK (basis IN ('hold', 'allowance', 'limit', 'override'))`,
    // Points spent on the programme's offline limit terms (what the store risked).
    `ALTER TABLE intents ADD COLUMN exposure bigint NOT NULL DEFAULT 0 CHECK (exposure >= 0)`,
    `ALTER TABLE intents ADD COLUMN shortfall bigint NOT NULL DEFAULT 0 CHECK (shortfall >= 0)`,
    `ALTER TABLE intents ADD COLUMN shortfall_to text CHECK (shortfall_to IN ('member_debt', 'store_risk'))`,
    // Offline redemptions within 24 h of bill time, per member and per till (the limit caps).
    `CREATE INDEX intents_offline_by_member ON intents (member_id, (coalesce(billed_at, occurred_at)))
      WHERE exposure > 0`,
    `CREATE INDEX intents_offline_by_terminal ON intents (terminal_id, (coalesce(billed_at, occurred_at)))
      WHERE exposure > 0`,
    // A store's frequent members (allowance prefetch).
    `CREATE INDEX intents_by_store ON intents (store_id, received_at)`,
  ],
};
