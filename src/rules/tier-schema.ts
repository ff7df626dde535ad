import * as z from 'zod/mini';
import { MAX_AMOUNT, idSchema } from '../protocol/primitives.js';

/** One tier of the programme. */
export const tierLevelSchema = z.strictObject({
  /** Stable id, as `RuleMember.tier` holds it: `gold`. */
  id: idSchema,
  /** Shown to people: `Gold`. */
  name: z.string().check(z.minLength(1), z.maxLength(40)),
  /** Qualifying points within the window needed to reach it; the first tier needs 0. */
  minQualifyingPoints: z.int().check(z.minimum(0), z.maximum(MAX_AMOUNT)),
  /** Multiplies base points (150 = ×1.5); the extra is the tier's points. @default 100 */
  multiplierPercent: z._default(z.int().check(z.minimum(100), z.maximum(1000)), 100),
});
/** One tier of the programme. */
export type TierLevel = z.infer<typeof tierLevelSchema>;

/**
 * The tiers, lowest first, and the rolling window their qualifying points are counted over.
 * The engine does not count: the ledger sums the member's points earned in the last
 * `windowDays` days and passes them as `RuleMember.qualifyingPoints`.
 */
export const tierProgramSchema = z
  .strictObject({
    /** Length of the rolling qualification window, in days. */
    windowDays: z.int().check(z.minimum(1), z.maximum(3660)),
    /** Tiers from lowest to highest, with strictly increasing thresholds, the first at 0. */
    levels: z.array(tierLevelSchema).check(z.minLength(1), z.maxLength(20)),
  })
  .check(
    z.superRefine((program, ctx) => {
      const ids = new Set<string>();
      program.levels.forEach((level, i) => {
        if (ids.has(level.id))
          ctx.addIssue({ code: 'custom', message: 'tier ids must be unique', path: ['levels', i, 'id'] });
        ids.add(level.id);
        const previous = program.levels[i - 1];
        if (i === 0 && level.minQualifyingPoints !== 0) {
          ctx.addIssue({
            code: 'custom',
            message: 'the first tier must need 0 points',
            path: ['levels', 0, 'minQualifyingPoints'],
          });
        }
        if (previous && level.minQualifyingPoints <= previous.minQualifyingPoints) {
          ctx.addIssue({
            code: 'custom',
            message: 'thresholds must increase',
            path: ['levels', i, 'minQualifyingPoints'],
          });
        }
      });
    }),
  );
/** The tiers and their window. */
export type TierProgram = z.infer<typeof tierProgramSchema>;
