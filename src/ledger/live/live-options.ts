/** Options of the live stream to tills (`POST /v1/stream`): the ledger's `stream` option. */
export interface LiveStreamOptions {
  /**
   * How often an idle stream sends a comment line, so shop proxies and load balancers that
   * close idle connections keep it open. @default 15000
   */
  readonly heartbeatMs?: number;
  /** How long a till should wait before reconnecting (the SSE `retry:` hint). @default 2000 */
  readonly retryMs?: number;
  /** Most streams open at once, over all tills; past it a till is refused `429 too_many_streams`. @default 1000 */
  readonly maxStreams?: number;
  /** Most streams one terminal key may hold open at once. @default 4 */
  readonly maxStreamsPerTerminal?: number;
  /**
   * How often every stream reads again without a commit signal: only this process's commits
   * are signalled, so this is how a stream sees what another ledger process on the same
   * PostgreSQL committed. 0 turns it off (then only this process's commits wake streams).
   * @default 5000
   */
  readonly recheckMs?: number;
}

/** {@link LiveStreamOptions} with every default filled in. */
export type ResolvedLiveStreamOptions = Required<LiveStreamOptions>;

/** Checks the stream options (throwing a `RangeError`) and fills in the defaults. */
export function resolveLiveStreamOptions(options: LiveStreamOptions = {}): ResolvedLiveStreamOptions {
  const resolved = {
    heartbeatMs: options.heartbeatMs ?? 15_000,
    retryMs: options.retryMs ?? 2000,
    maxStreams: options.maxStreams ?? 1000,
    maxStreamsPerTerminal: options.maxStreamsPerTerminal ?? 4,
    recheckMs: options.recheckMs ?? 5000,
  };
  const whole = (name: keyof ResolvedLiveStreamOptions, min: number) => {
    const v = resolved[name];
    if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`stream.${name} must be a whole number of at least ${min}`);
  };
  whole('heartbeatMs', 1);
  whole('retryMs', 1);
  whole('maxStreams', 0);
  whole('maxStreamsPerTerminal', 0);
  whole('recheckMs', 0);
  return resolved;
}
