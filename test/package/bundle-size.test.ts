import { beforeAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_BUDGETS,
  formatBundleSize,
  measureBundle,
  type BundleSize,
} from '../../scripts/bundle-size.js';

// The terminal entry as a browser till ships it (esbuild, minified, gzip). The ceilings and
// the goals live in scripts/bundle-size.ts; `npx tsx scripts/bundle-size.ts` prints the figures.
describe('the terminal bundle', () => {
  let size: BundleSize;
  beforeAll(async () => {
    size = await measureBundle();
    console.log(formatBundleSize(size));
  }, 120_000);

  it('stays within its ceiling, dependencies included', () => {
    expect(size.totalGzip, 'total min+gzip, bytes').toBeLessThanOrEqual(BUNDLE_BUDGETS.totalCeilingKb * 1000);
  });

  it('stays within its ceiling for our own code alone', () => {
    expect(size.ownGzip, 'own code min+gzip, bytes').toBeLessThanOrEqual(BUNDLE_BUDGETS.ownCeilingKb * 1000);
  });

  it('carries neither ky, ulid nor dexie, and zod only as zod/mini', () => {
    const names = size.dependencies.map((d) => d.name);
    expect(names).not.toContain('ky');
    expect(names).not.toContain('ulid');
    // IndexedDB through the SDK's own layer (src/store/idb); Dexie added 33 KB gzip.
    expect(names).not.toContain('dexie');
    // The full zod build added 93 KB gzip; zod/mini adds under 10.
    expect(size.dependencies.find((d) => d.name === 'zod')?.gzip ?? 0).toBeLessThan(15_000);
  });
});
