import * as z from 'zod/mini';
import { idSchema, instantSchema, pointsSchema } from './primitives.js';
import { PROTOCOL_VERSION } from './version.js';

// A limit: a whole number, or null for "no limit" (to lift a program limit for one store).
const limitSchema = z.optional(z.nullable(pointsSchema));

/**
 * What the ledger lets a till do, per program or per store. Each is optional: an absent
 * limit falls back to the program's, then to the ledger's `limits` option, then to its default
 * (`manualPointsPerBill` 0, the others none); `null` means no limit at this scope.
 */
export const ledgerLimitsV1Schema = z.strictObject({
  /** Most points an accrual without bill lines (or with no ruleset to earn it by) may carry. @default 0 */
  manualPointsPerBill: limitSchema,
  /** Most points one accrual may earn, however it was earned. */
  pointsPerBill: limitSchema,
  /** Most points one terminal may grant (accruals and credit adjustments) within any hour, by bill time. */
  terminalPointsPerHour: limitSchema,
  /** Most points one terminal may grant within any 24 hours, by bill time. */
  terminalPointsPerDay: limitSchema,
  /** Most redemptions one member may make at tills within any 24 hours, by bill time. */
  memberRedemptionsPerDay: limitSchema,
});
export type LedgerLimitsV1 = z.infer<typeof ledgerLimitsV1Schema>;

/** Sets the limits of the program (no `storeId`) or of one store, replacing what that scope had. */
export const setLimitsRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  storeId: z.optional(idSchema),
  limits: ledgerLimitsV1Schema,
});
export type SetLimitsRequestV1 = z.infer<typeof setLimitsRequestV1Schema>;

/** The limits as configured: the ledger's option, the program's and each store's. */
export const limitsResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  /** The ledger's `limits` option (the program default below the program's own). */
  defaults: ledgerLimitsV1Schema,
  program: ledgerLimitsV1Schema,
  stores: z.array(z.strictObject({ storeId: idSchema, limits: ledgerLimitsV1Schema })),
});
export type LimitsResponseV1 = z.infer<typeof limitsResponseV1Schema>;

/** Registers (or re-registers, which resets its lockout) a manager's PIN for one store. */
export const registerManagerRequestV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  storeId: idSchema,
  managerId: idSchema,
  pin: z.string().check(z.regex(/^[0-9]{6,12}$/, 'a manager PIN is 6 to 12 digits')),
  label: z.optional(z.string().check(z.minLength(1), z.maxLength(120))),
});
export type RegisterManagerRequestV1 = z.infer<typeof registerManagerRequestV1Schema>;

/** A registered manager, never with the PIN. */
export const managerResponseV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  storeId: idSchema,
  managerId: idSchema,
  revoked: z.boolean(),
});
export type ManagerResponseV1 = z.infer<typeof managerResponseV1Schema>;

/** One terminal's (or store's) activity in the ledger report. */
export const activityV1Schema = z.strictObject({
  applied: z.int(),
  /** Rejected intents by reason. */
  rejected: z.record(z.string(), z.int()),
  /** Points granted: applied accruals and credit adjustments. */
  pointsGranted: z.int(),
  limitExceeded: z.int(),
});
export type ActivityV1 = z.infer<typeof activityV1Schema>;

/** The ledger report: what each store and terminal did, so fraud or a stolen key shows in one place. */
export const ledgerReportV1Schema = z.strictObject({
  protocol: z.literal(PROTOCOL_VERSION),
  /** Intents received from this instant on (all when absent). */
  since: z.nullable(instantSchema),
  stores: z.array(z.extend(activityV1Schema, { storeId: z.string() })),
  terminals: z.array(
    z.extend(activityV1Schema, {
      terminalId: z.string(),
      storeId: z.string(),
      clockSkewMs: z.nullable(z.int()),
    }),
  ),
});
export type LedgerReportV1 = z.infer<typeof ledgerReportV1Schema>;
