import type { EarnRate } from './earn-rate-schema.js';
import { parseInput } from './parse-input.js';
import type { Promotion } from './promotion-schema.js';
import { rulesetV1Schema, type RulesetV1, type RulesetV1Input } from './ruleset-v1-schema.js';
import { compileWindow, type CompiledWindow } from './time-window.js';

/** A promotion with its sets and window turned into lookups. */
export interface CompiledPromotion {
  readonly promotion: Promotion;
  readonly ruleId: string;
  /** `undefined`: every store. */
  readonly stores: ReadonlySet<string> | undefined;
  /** Both `undefined`: every line. */
  readonly categories: ReadonlySet<string> | undefined;
  readonly skus: ReadonlySet<string> | undefined;
  readonly window: CompiledWindow | undefined;
}

/** A validated ruleset with its lists turned into lookups, made once per ruleset object. */
export interface CompiledRuleset {
  readonly ruleset: RulesetV1;
  readonly categoryRates: ReadonlyMap<string, EarnRate>;
  readonly skuRates: ReadonlyMap<string, EarnRate>;
  readonly excludedCategories: ReadonlySet<string>;
  readonly excludedSkus: ReadonlySet<string>;
  readonly promotions: readonly CompiledPromotion[];
  /** Tier id → its index in `ruleset.tiers.levels`. */
  readonly tierIndex: ReadonlyMap<string, number>;
}

// Memoised by object identity: a till evaluates many bills against one ruleset, and parsing
// 30 rules per bill would cost more than the arithmetic. Rulesets are values: never mutate
// one after use; publish a new version instead.
const cache = new WeakMap<object, CompiledRuleset>();

function compilePromotion(promotion: Promotion): CompiledPromotion {
  return {
    promotion,
    ruleId: `promotion:${promotion.id}`,
    stores: promotion.stores === 'all' ? undefined : new Set(promotion.stores),
    categories: promotion.categories === undefined ? undefined : new Set(promotion.categories),
    skus: promotion.skus === undefined ? undefined : new Set(promotion.skus),
    window: promotion.window === undefined ? undefined : compileWindow(promotion.window),
  };
}

/**
 * Validates a ruleset and prepares its lookups, or throws `invalid_ruleset` with every issue.
 * The result is cached per ruleset object, so the second bill costs no validation.
 */
export function compileRuleset(input: RulesetV1Input): CompiledRuleset {
  const hit = typeof input === 'object' && input !== null ? cache.get(input) : undefined;
  if (hit) return hit;
  const ruleset = parseInput(rulesetV1Schema, input, 'invalid_ruleset', 'invalid ruleset');
  const compiled: CompiledRuleset = {
    ruleset,
    categoryRates: new Map(Object.entries(ruleset.categoryRates)),
    skuRates: new Map(Object.entries(ruleset.skuRates)),
    excludedCategories: new Set(ruleset.excluded.categories),
    excludedSkus: new Set(ruleset.excluded.skus),
    promotions: ruleset.promotions.map(compilePromotion),
    tierIndex: new Map(ruleset.tiers.levels.map((level, i) => [level.id, i])),
  };
  if (typeof input === 'object' && input !== null) cache.set(input, compiled);
  return compiled;
}
