import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../support/ledger-fixture.js';
import { fashionRuleset } from '../rules/support/fashion-ruleset.js';
import { HOSTILE_CATALOGUE, HOSTILE_KIND_COUNT } from './hostile-catalogue.js';
import { startFuzzWorld, type FuzzWorld } from './support/fuzz-world.js';
import { runCase } from './support/run-case.js';

const cases = HOSTILE_CATALOGUE.filter((c) => !c.knownBug).map((c) => [c.name, c] as const);
const knownBugs = HOSTILE_CATALOGUE.filter((c) => c.knownBug).map((c) => [`${c.name} (known bug: ${c.knownBug})`, c] as const);

describe('the catalogue of hostile inputs', () => {
  it('names at least 100 kinds, each once', () => {
    console.info(`hostile input kinds: ${HOSTILE_KIND_COUNT}, known bugs skipped: ${HOSTILE_CATALOGUE.filter((c) => c.knownBug).length}`);
    expect(HOSTILE_KIND_COUNT).toBeGreaterThanOrEqual(100);
    expect(new Set(HOSTILE_CATALOGUE.map((c) => c.name)).size).toBe(HOSTILE_KIND_COUNT);
  });
});

describe.each(DATABASES)('named hostile inputs get a typed refusal or a per-intent answer, and write nothing refused (%s)', (kind) => {
  let w: FuzzWorld;
  beforeAll(async () => {
    w = await startFuzzWorld(kind);
    // Ruleset v1 earns bill lines, so returns by line and bill checks have something to work on.
    const published = await w.t.post('/v1/admin/rulesets', { protocol: 'v1', ruleset: { ...fashionRuleset, version: 1 }, effectiveFrom: '2020-01-01T00:00:00Z' }, w.adminKey);
    if (published.status !== 201) throw new Error(JSON.stringify(published.body));
    w.rulesetVersion = 1;
  });
  afterAll(() => w.close());

  it.each(cases)('%s', async (_name, c) => {
    await runCase(w, c);
  });

  // FUZZ_KNOWN_BUGS=1 runs them, to see which still fail.
  (process.env.FUZZ_KNOWN_BUGS ? it : it.skip).each(knownBugs)('%s', async (_name, c) => {
    await runCase(w, c);
  });
});
