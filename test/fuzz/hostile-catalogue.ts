import { ENROL_CASES } from './cases/enrol-cases.js';
import { OTHER_CASES } from './cases/other-cases.js';
import { PUSH_CASES } from './cases/push-cases.js';
import { TRANSPORT_CASES } from './cases/transport-cases.js';
import type { HostileCase } from './support/hostile-case.js';

/** Every named kind of hostile input the ledger must answer without a 5xx or a write. */
export const HOSTILE_CATALOGUE: readonly HostileCase[] = [...PUSH_CASES, ...OTHER_CASES, ...TRANSPORT_CASES, ...ENROL_CASES];

/** How many kinds the catalogue names (the issue asks for at least 100). */
export const HOSTILE_KIND_COUNT = HOSTILE_CATALOGUE.length;
