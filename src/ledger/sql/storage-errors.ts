// SQLSTATEs and socket codes meaning "the database cannot be reached now": connection
// exceptions (class 08), shutdowns and restarts (57P01-57P03), too many connections.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// What node-postgres says, without a code, when a connection drops or the pool cannot get one.
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error and is not queryable/i,
  /client was closed and is not queryable/i,
  /cannot use a pool after calling end/i,
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

/**
 * Whether `error` means the database cannot be reached now (down, restarting, its
 * connection dropped, no connection free in time): the request may be retried later
 * (`503 storage_unavailable`). The one place that decides it.
 */
export function isStorageUnavailable(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = codeOf(e);
    if (code !== undefined) return code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_SOCKET_CODES.has(code);
    const message = (e as { message?: unknown } | null)?.message;
    return typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(message));
  });
}

/**
 * Whether `error` is the database refusing a value a request brought: a data exception
 * (SQLSTATE class 22, e.g. a number or time out of range) or a CHECK violation (23514).
 * The request was at fault, not the ledger: it deserves a 400, never a 500.
 */
export function isValueRefused(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && (code.startsWith('22') || code === '23514');
}
