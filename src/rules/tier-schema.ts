import { z } from 'zod';
import { MAX_AMOUNT, idSchema } from '../protocol/primitives.js';

/** One tier of the programme. */
export const tierLevelSchema = z.strictObject({
  /** Stable id, as `RuleMember.tier` holds it: `gold`. */
  id: idSchema,
  /** Shown to people: `Gold`. */
  name: z.string().min(1).max(40),
  /** Qualifying points within the window needed to reach it; the first tier needs 0. */
  minQualifyingPoints: z.int().min(0).max(MAX_AMOUNT),
  /** Multiplies base points (150 = ×1.5); the extra is the tier's points. @default 100 */
  multiplierPercent: z.int().min(100).max(1000).default(100),
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
    windowDays: z.int().min(1).max(3660),
    /** Tiers from lowest to highest, with strictly increasing thresholds, the first at 0. */
    levels: z.array(tierLevelSchema).min(1).max(20),
  })
  .superRefine((program, ctx) => {
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
  });
/** The tiers and their window. */
export type TierProgram = z.infer<typeof tierProgramSchema>;
