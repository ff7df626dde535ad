/** Crockford's base32 alphabet, as ULIDs spell them. */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The latest time a ULID can carry: 2^48 - 1 ms. */
const MAX_ULID_TIME = 281_474_976_710_655;

/** The creation time a ULID carries (its first 10 characters), in milliseconds since 1970. */
export function ulidTimeMs(ulid: string): number {
  let ms = 0;
  for (const char of ulid.slice(0, 10)) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

/** A ULID's 10 time characters for `ms`. Throws a RangeError for a time no ULID can carry. */
export function encodeUlidTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_ULID_TIME)
    throw new RangeError(`a ULID cannot carry the time ${ms}`);
  let text = '';
  for (let i = 0; i < 10; i++, ms = Math.floor(ms / 32)) text = CROCKFORD[ms % 32]! + text;
  return text;
}

/**
 * A ULID's 16 random characters. Drawn last character first, one draw each, as the `ulid`
 * package draws them, so a seeded `random` makes the ids it made.
 */
export function randomUlidPart(random: () => number): string {
  let text = '';
  for (let i = 0; i < 16; i++) text = CROCKFORD[Math.floor(random() * 32) % 32]! + text;
  return text;
}

// The random part plus one, in base32; there is no next after sixteen Zs.
function increment(part: string): string {
  const digits = [...part];
  for (let i = digits.length - 1; i >= 0; i--) {
    const value = CROCKFORD.indexOf(digits[i]!);
    if (value < 31) {
      digits[i] = CROCKFORD[value + 1]!;
      return digits.join('');
    }
    digits[i] = '0';
  }
  throw new RangeError('no ULID is left in this millisecond');
}

/**
 * Random numbers in [0, 1) from the platform's cryptographic generator, drawn from a pooled
 * buffer (one call to `getRandomValues` per 256 numbers, not one per character).
 */
export function cryptoRandom(): () => number {
  const pool = new Uint32Array(256);
  let next = pool.length;
  return () => {
    if (next === pool.length) {
      globalThis.crypto.getRandomValues(pool);
      next = 0;
    }
    return pool[next++]! / 0x1_0000_0000;
  };
}

/**
 * A source of ULIDs that increase even within one millisecond or when the clock goes back:
 * the same id, character for character, as the `ulid` package's `monotonicFactory` for the
 * same times and `random` draws. A missing (or 0) time reads `Date.now()`, as that package did.
 * @example const next = monotonicUlids(); next(Date.now()) // '01KB2R6W8F3T4V5X6Y7Z8A9B0C'
 */
export function monotonicUlids(random: () => number = cryptoRandom()): (now?: number) => string {
  let lastTime = 0;
  let lastRandom = '';
  return (now) => {
    const time = !now || Number.isNaN(now) ? Date.now() : now;
    if (time <= lastTime) {
      lastRandom = increment(lastRandom);
      return encodeUlidTime(lastTime) + lastRandom;
    }
    lastTime = time;
    lastRandom = randomUlidPart(random);
    return encodeUlidTime(time) + lastRandom;
  };
}
