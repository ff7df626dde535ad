/** A value a hostile or broken client might put where the protocol expects something else. */
export interface HostileValue {
  readonly name: string;
  /** `undefined` removes the field. */
  readonly value: unknown;
}

const MAX_ULID = '7ZZZZZZZZZZZZZZZZZZZZZZZZZ';

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Leaf values to put in place of any field: numbers at the edges, odd strings, odd shapes. */
export const HOSTILE_VALUES: readonly HostileValue[] = [
  { name: 'null', value: null },
  { name: 'missing', value: undefined },
  { name: '-1', value: -1 },
  { name: '0', value: 0 },
  { name: '2^31-1', value: 2 ** 31 - 1 },
  { name: '2^31', value: 2 ** 31 },
  { name: '2^53', value: 2 ** 53 },
  { name: '-2^53', value: -(2 ** 53) },
  { name: '1.5', value: 1.5 },
  { name: '1e308', value: 1e308 },
  { name: '"NaN"', value: 'NaN' },
  { name: '"Infinity"', value: 'Infinity' },
  { name: 'true', value: true },
  { name: 'empty string', value: '' },
  { name: 'whitespace', value: ' \t\n ' },
  { name: '10k-char string', value: 'x'.repeat(10_000) },
  { name: 'RTL text', value: '\u202Eabc\u202C' },
  { name: 'emoji', value: '💳🧾' },
  { name: 'NUL', value: 'a\u0000b' },
  { name: 'lone surrogate', value: '\uD800' },
  { name: 'constructor', value: 'constructor' },
  { name: 'toString', value: 'toString' },
  { name: '__proto__', value: '__proto__' },
  { name: 'hasOwnProperty', value: 'hasOwnProperty' },
  { name: 'valueOf', value: 'valueOf' },
  { name: 'SQL quote', value: "x'; DROP TABLE members; --" },
  { name: 'SQL like', value: 'member:%' },
  { name: 'year 0000', value: '0000-01-01T00:00:00Z' },
  { name: 'year 9999', value: '9999-12-31T23:59:59Z' },
  { name: 'offset +16:00', value: '2026-01-01T00:00:00+16:00' },
  { name: 'offset -15:59', value: '2026-01-01T00:00:00-15:59' },
  { name: 'leap second', value: '2016-12-31T23:59:60Z' },
  { name: 'no offset', value: '2026-01-01T00:00:00' },
  { name: 'max ULID', value: MAX_ULID },
  { name: 'lower-case ULID', value: '01arz3ndektsv4rrffq69g5fav' },
  { name: 'empty array', value: [] },
  { name: 'array of one', value: [1] },
  { name: 'array of 1001', value: Array.from({ length: 1001 }, (_, i) => i) },
  { name: 'empty object', value: {} },
  { name: 'deep nesting', value: nested(200) },
  { name: 'object with __proto__ key', value: JSON.parse('{"__proto__": {"polluted": 1}}') },
];
