/**
 * TEST HOOK ONLY: a bug planted on purpose, so the deterministic simulator (`sim/`) can show it
 * finds a real one. Off unless the process is started with `TILLPOINTS_PLANT=settle-twice`;
 * never set it in production. Read once, here; `typeof process` keeps browsers and bundlers
 * out of it.
 *
 * - `settle-twice`: the late answer of an intent whose first answer was lost (the ledger
 *   answers `duplicate`: it applied the intent before) adds the intent's points to the
 *   till's confirmed balance, on top of the ledger's balance that already holds them (see
 *   `countOnce`). The till then shows the points twice until a newer balance arrives.
 */
export type PlantedBug = 'settle-twice';

function readPlantedBug(): PlantedBug | undefined {
  if (typeof process === 'undefined') return undefined;
  return process.env?.['TILLPOINTS_PLANT'] === 'settle-twice' ? 'settle-twice' : undefined;
}

/** The bug planted in this process, if any (see {@link PlantedBug}). */
export const PLANTED_BUG: PlantedBug | undefined = readPlantedBug();
