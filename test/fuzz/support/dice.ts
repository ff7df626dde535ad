import fc from 'fast-check';

/** Choices an anchor makes, drawn from numbers fast-check generated (so a failing run replays). */
export class Dice {
  #at = 0;
  constructor(private readonly rolls: readonly number[]) {}

  #next(): number {
    const r = this.rolls[this.#at++ % this.rolls.length] ?? 0;
    return r / 0x1_0000_0000;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.#next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }

  /** One of `items` (undefined when empty). */
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(0, items.length - 1)];
  }
}

/** Arbitrary dice: 64 rolls, reused in a cycle. */
export const diceArb: fc.Arbitrary<Dice> = fc
  .array(fc.nat({ max: 0xffff_ffff }), { minLength: 64, maxLength: 64 })
  .map((rolls) => new Dice(rolls));
