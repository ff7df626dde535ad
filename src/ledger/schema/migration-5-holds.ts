import type { Migration } from './migrations.js';

/** Holds and allowances (two-phase redemption), redemption policies, offline redemption basis and shortfalls. */
export const MIGRATION_5: Migration = {
  version: 5,
  name: 'holds and allowances, redemption policies, offline redemption basis and shortfalls',
  statements: [],
};
