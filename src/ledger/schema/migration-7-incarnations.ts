import type { Migration } from './migrations.js';

/** Till incarnations (a till that starts on an empty database) and what the gap report needs. */
export const MIGRATION_7: Migration = {
  version: 7,
  name: 'till incarnations and seq gaps',
  statements: [],
};
