import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from './support/anchors.js';
import { diceArb, type Dice } from './support/dice.js';
import { draftArb, mutatedDraft, mutationsArb } from './support/draft-arbitrary.js';
import { ENDPOINTS, type Endpoint } from './support/endpoint-table.js';
import { currentState, exercise, rightKey, toWire } from './support/exercise.js';
import { startFuzzWorld, type FuzzWorld } from './support/fuzz-world.js';
import { knownBugOf } from './support/known-bugs.js';
import { describeMutation } from './support/mutate.js';

/** Property runs per endpoint: requests drafted from the schemas, and the same mutated. */
export const RUNS_PER_ENDPOINT = { valid: Number(process.env.FUZZ_VALID ?? 15), mutated: Number(process.env.FUZZ_MUTATED ?? 30) } as const;

describe('every endpoint, with requests generated from the protocol schemas (pglite)', () => {
  let w: FuzzWorld;
  const skipped: Record<string, number> = {};
  beforeAll(async () => {
    w = await startFuzzWorld('pglite');
  });
  afterAll(async () => {
    await w.close();
    if (Object.keys(skipped).length > 0) console.info('fuzz runs skipped for known bugs:', skipped);
  });

  async function check(endpoint: Endpoint, draft: Draft, dice: Dice, label: string): Promise<void> {
    const bug = knownBugOf(endpoint, draft.body ?? draft.query ?? draft.params, await currentState(w));
    if (bug) {
      skipped[bug] = (skipped[bug] ?? 0) + 1;
      return;
    }
    const wire = toWire(endpoint, draft, rightKey(endpoint, w, dice));
    const { reply, problems } = await exercise(w, endpoint, wire, draft);
    expect(problems, `${label}\n${wire.method} ${wire.path.slice(0, 300)}\n${wire.body?.slice(0, 1500)}\n=> ${reply.status} ${JSON.stringify(reply.body).slice(0, 500)}`).toEqual([]);
  }

  describe.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', (_name, endpoint) => {
    it('answers requests the schema allows with a success or a typed refusal, changing only what it reports', async () => {
      await fc.assert(
        fc.asyncProperty(draftArb(endpoint), diceArb, async (generated, dice) => {
          const draft = structuredClone(generated);
          endpoint.anchor?.(draft, w, dice);
          await check(endpoint, draft, dice, 'valid');
        }),
        { numRuns: RUNS_PER_ENDPOINT.valid },
      );
    });

    it('answers mutated requests with a typed refusal or a per-intent rejection, never a 5xx, and writes nothing refused', async () => {
      await fc.assert(
        fc.asyncProperty(draftArb(endpoint), diceArb, mutationsArb, async (generated, dice, mutations) => {
          const draft = structuredClone(generated);
          endpoint.anchor?.(draft, w, dice);
          await check(endpoint, mutatedDraft(draft, mutations), dice, mutations.map(describeMutation).join('; '));
        }),
        { numRuns: RUNS_PER_ENDPOINT.mutated },
      );
    });
  });
});
