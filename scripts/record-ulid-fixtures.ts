// Records what the `ulid` package made for seeded inputs, so test/protocol/ulid.test.ts can prove
// our own ULID module makes exactly the same ids (seeded traces and simulator runs must not
// change). Run once, while the package was still installed: `npx tsx scripts/record-ulid-fixtures.ts`.
import { writeFileSync } from 'node:fs';
// @ts-ignore -- the package is gone once the fixtures are recorded
import { encodeTime, monotonicFactory, ulid } from 'ulid';

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

// Times that stay, step, jump and go back, as a till's clock may.
const base = Date.parse('2026-11-23T10:15:00.000Z');
const times = [base, base, base, base + 1, base + 1, base - 5, base + 1, base + 2, base + 1000, base + 1000, base + 999, 1, 1, 2, 281474976710655];
const monotonic = [1, 7, 42].map((seed) => {
  const next = monotonicFactory(mulberry32(seed));
  return { seed, times, ids: times.map((t) => next(t)) };
});
// A random part ending in fifteen Zs (drawn last character first), so the next id in that
// millisecond carries all the way to the first character.
const draws = [...Array<number>(15).fill(0.999999), 0.5];
let draw = 0;
const carrying = monotonicFactory(() => draws[draw++ % draws.length]!);
const carry = { times: [base, base, base], ids: [carrying(base), carrying(base), carrying(base)] };
const ledger = [3, 11].map((seed) => {
  const random = mulberry32(seed);
  const at = [base, base, base + 60_000, 0, 1];
  return { seed, at, ids: at.map((t) => encodeTime(t) + ulid(1, random).slice(10)) };
});
writeFileSync('test/protocol/fixtures/ulid-package.json', `${JSON.stringify({ monotonic, carry, ledger }, null, 2)}\n`);
console.log('wrote test/protocol/fixtures/ulid-package.json');
