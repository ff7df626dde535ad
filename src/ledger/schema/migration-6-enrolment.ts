import type { Migration } from './migrations.js';

/** Members enrolled at the till: the enrol intent kind, aliases of merged members, consents. */
export const MIGRATION_6: Migration = {
  version: 6,
  name: 'members enrolled at the till: enrol intents, merged member aliases, consents',
  statements: [],
};
