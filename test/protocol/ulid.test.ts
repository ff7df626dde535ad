import { describe, expect, it } from 'vitest';
import { encodeUlidTime, monotonicUlids, randomUlidPart, ulidTimeMs } from '../../src/protocol/ulid.js';
import fixtures from './fixtures/ulid-package.json' with { type: 'json' };

// Recorded from the `ulid` package (scripts/record-ulid-fixtures.ts) before tillpoints dropped it.
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('our ULIDs', () => {
  it('are the ids the ulid package made for the same times and seeded draws, monotonic within a millisecond and when the clock goes back', () => {
    for (const { seed, times, ids } of fixtures.monotonic) {
      const next = monotonicUlids(mulberry32(seed));
      expect(times.map((t) => next(t))).toEqual(ids);
    }
  });

  it('carry an increment through a random part of trailing Zs as the ulid package did', () => {
    const draws = [...Array<number>(15).fill(0.999999), 0.5];
    let draw = 0;
    const next = monotonicUlids(() => draws[draw++ % draws.length]!);
    expect(fixtures.carry.times.map((t) => next(t))).toEqual(fixtures.carry.ids);
  });

  it('refuse to make a next id when a millisecond has none left, rather than repeat one', () => {
    const next = monotonicUlids(() => 0.999999);
    next(1000);
    expect(() => next(1000)).toThrow(RangeError);
  });

  it('make the ledger ids the ulid package made (time part, then the random part of a fresh id)', () => {
    for (const { seed, at, ids } of fixtures.ledger) {
      const random = mulberry32(seed);
      expect(at.map((t) => encodeUlidTime(t) + randomUlidPart(random))).toEqual(ids);
    }
  });

  it('read back the time they carry', () => {
    for (const { times, ids } of fixtures.monotonic) {
      ids.forEach((id, i) => expect(ulidTimeMs(id)).toBe(Math.max(...times.slice(0, i + 1))));
    }
  });

  it('refuse a time no ULID can carry', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 48]) expect(() => encodeUlidTime(bad)).toThrow(RangeError);
  });

  it('draw from the platform crypto when no random source is given, and stay sortable', () => {
    const next = monotonicUlids();
    const ids = Array.from({ length: 100 }, () => next(1_795_428_900_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(100);
    expect(ids[0]).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });
});
