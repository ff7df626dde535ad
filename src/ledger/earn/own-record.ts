/**
 * A record keyed by the brand's ids (promotion, line): no prototype, so an id such as
 * `constructor`, `toString` or `__proto__` is an ordinary key, never something every
 * object inherits. Use it for every record the ledger indexes with such ids.
 */
export function ownRecord<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const record = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) record[key] = value;
  return record;
}
