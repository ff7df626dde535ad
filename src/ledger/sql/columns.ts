/**
 * Reads an integer column: node-postgres gives `bigint` columns as strings, PGlite as
 * numbers. Throws rather than lose precision.
 */
export function intColumn(value: unknown): number {
  const n = typeof value === 'string' || typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TypeError(`expected a safe integer column, got ${String(value)}`);
  }
  return n;
}

/** Reads a timestamp column as an ISO 8601 string. */
export function instantColumn(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new TypeError(`expected a timestamp column, got ${String(value)}`);
}

/** Reads a nullable text column. */
export function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
