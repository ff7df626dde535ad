/** Timers the deliverer schedules with: the platform's by default, a test's or a simulator's to drive time. */
export interface WebhookTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of the ledger's webhook delivery (`LedgerOptions.webhooks`). */
export interface WebhookOptions {
  /**
   * How long after its first attempt a delivery that keeps failing is moved to the dead
   * letters (and reported to `onError`); the member's next event is sent then.
   * @default 86400000 (24 hours)
   */
  readonly deadLetterAfterMs?: number;
  /** How long a receiver has to answer one POST before it counts as failed. @default 10000 */
  readonly timeoutMs?: number;
  /** How many deliveries are in flight at once (each to a different member or subscription). @default 16 */
  readonly concurrency?: number;
  /** The first retry's delay; each next one doubles, with jitter. @default 1000 */
  readonly retryBaseMs?: number;
  /** The longest delay between two attempts. @default 3600000 (an hour) */
  readonly retryMaxMs?: number;
  /**
   * How often the deliverer looks at the database without being woken (another ledger process
   * on the same PostgreSQL committed, a lease ran out), while any subscription is live.
   * @default 5000
   */
  readonly pollMs?: number;
  /** The timers it schedules retries, timeouts and polls with. @default globalThis.setTimeout/clearTimeout */
  readonly timers?: WebhookTimers;
}

/** {@link WebhookOptions} with every default filled in. */
export type ResolvedWebhookOptions = Required<WebhookOptions>;

const platformTimers: WebhookTimers = {
  setTimeout: (callback, ms) => {
    const handle = globalThis.setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Fills in the defaults; throws a `RangeError` for a value out of range. */
export function resolveWebhookOptions(options: WebhookOptions = {}): ResolvedWebhookOptions {
  const resolved = {
    deadLetterAfterMs: options.deadLetterAfterMs ?? 86_400_000,
    timeoutMs: options.timeoutMs ?? 10_000,
    concurrency: options.concurrency ?? 16,
    retryBaseMs: options.retryBaseMs ?? 1000,
    retryMaxMs: options.retryMaxMs ?? 3_600_000,
    pollMs: options.pollMs ?? 5000,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`webhooks.${name} must be a whole number of at least 1`);
  }
  if (resolved.retryMaxMs < resolved.retryBaseMs) throw new RangeError('webhooks.retryMaxMs must be at least webhooks.retryBaseMs');
  return { ...resolved, timers: options.timers ?? platformTimers };
}
