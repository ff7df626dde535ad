import type { Migration } from './migrations.js';

/**
 * Till incarnations (a till that starts on an empty database) and what the gap report needs.
 * `seq_base` is the terminal's highest stored seq when the incarnation registered: the till
 * numbers its intents after it. `previous_last_seq` is the same number kept as the gap
 * report's evidence (what the wiped till made after it and never sent is lost). `position`
 * orders a terminal's incarnations when two register in the same instant.
 */
export const MIGRATION_7: Migration = {
  version: 7,
  name: 'till incarnations and seq gaps',
  statements: [
    `CREATE TABLE terminal_incarnations (
      incarnation_id    text PRIMARY KEY,
      terminal_id       text NOT NULL REFERENCES terminals (terminal_id),
      seq_base          bigint NOT NULL CHECK (seq_base >= 0),
      previous_last_seq bigint NOT NULL CHECK (previous_last_seq >= 0),
      registered_at     timestamptz NOT NULL,
      position          bigint GENERATED ALWAYS AS IDENTITY
    )`,
    `CREATE INDEX terminal_incarnations_by_terminal ON terminal_incarnations (terminal_id, seq_base, position)`,
  ],
};
