import type { Migration } from './migrations.js';

/**
 * Members enrolled at the till: the enrol intent kind, aliases of merged members, consents.
 *
 * A till makes a member id when it enrols a customer (offline too). When the phone number
 * (or card) already belongs to a member, the till's id becomes an alias of that member:
 * `member_aliases` maps it to the surviving member, and every intent naming it is applied
 * to them. Aliases are never members: no row in `members`, no account in the journal.
 */
export const MIGRATION_6: Migration = {
  version: 6,
  name: 'members enrolled at the till: enrol intents, merged member aliases, consents',
  statements: [
    `ALTER TABLE intents DROP CONSTRAINT intents_kind_check`,
    `ALTER TABLE intents ADD CONSTRAINT intents_kind_check CHECK (kind IN ('accrue', 'redeem', 'reverse', 'adjust', 'enrol'))`,
    `CREATE TABLE member_aliases (
      alias_id  text PRIMARY KEY,
      member_id text NOT NULL REFERENCES members (member_id),
      merged_at timestamptz NOT NULL,
      intent_id text NOT NULL
    )`,
    `CREATE INDEX member_aliases_by_member ON member_aliases (member_id)`,
    // The consents the member gave (the brand's ids), sorted, no repeats.
    `ALTER TABLE members ADD COLUMN consents jsonb NOT NULL DEFAULT '[]'::jsonb`,
    // Where a member enrolled at a till was enrolled, and by which intent (null for members an admin made).
    `ALTER TABLE members ADD COLUMN enrolled_store_id text`,
    `ALTER TABLE members ADD COLUMN enrolled_terminal_id text`,
    `ALTER TABLE members ADD COLUMN enrolled_by_intent text`,
  ],
};
