/** The demo store's catalogue (examples/demo-ruleset.ts) as the web till's config gives it. */
import { catalogue } from '../demo-ruleset.js';
import type { Product } from './config.js';

/** Every product of "Kirana & Kapda", and every category the earning rules know of or the products use. */
export function demoCatalogue(): { catalogue: Product[]; categories: string[] } {
  const products = Object.entries(catalogue).map(([sku, p]) => ({ sku, name: p.name, category: p.category, unitPricePaise: p.paise }));
  const categories = [...new Set(products.map((p) => p.category))].sort();
  return { catalogue: products, categories };
}
