import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSdkPage, type BrowserPage } from '../support/browser-page.js';
import { launchChromium } from '../support/chromium.js';

// The store layer and Dexie, as a page loads them.
const ENTRY = `
export { TerminalConnection, LOCAL_SCHEMA_VERSIONS } from './src/store/terminal-database.ts';
export { MIN_KEY, MAX_KEY } from './src/store/idb/keys.ts';
export { default as Dexie } from 'dexie';
`;

// The page's bundle, under the name serveSdkPage gives it.
type LayerWindow = {
  tillpoints: typeof import('../../src/store/terminal-database.js') & typeof import('../../src/store/idb/keys.js') & { Dexie: typeof import('dexie').default };
};

// The fake-indexeddb suite (test/terminal/local-store-layer.test.ts) again, on Chromium's real IndexedDB.
describe('the local store layer on Chromium\'s IndexedDB', () => {
  let page: BrowserPage;
  let browser: Browser;
  let tab: Page;
  beforeAll(async () => {
    page = await serveSdkPage(ENTRY);
    browser = await launchChromium();
    tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => (window as unknown as LayerWindow).tillpoints?.TerminalConnection !== undefined);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await page?.close();
  });

  it('keeps a transaction open across many awaits of its own requests, and commits them all', async () => {
    const counted = await tab.evaluate(async () => {
      const db = new (window as unknown as LayerWindow).tillpoints.TerminalConnection('awaits');
      const bump = async (tx: typeof db, key: string) => {
        const row = await tx.meta.get(key);
        await tx.meta.put({ key, value: ((row?.value as number | undefined) ?? 0) + 1 });
      };
      await db.transaction('rw', ['meta'], async (tx) => {
        for (let i = 0; i < 50; i++) await bump(tx as typeof db, `k${i % 5}`);
      });
      const values = (await db.meta.toArray()).map((r) => r.value);
      db.close();
      return values;
    });
    expect(counted).toEqual([10, 10, 10, 10, 10]);
  });

  it('fails loudly, with a typed storage error, a transaction whose callback awaits something other than IndexedDB', async () => {
    const outcome = await tab.evaluate(async () => {
      const db = new (window as unknown as LayerWindow).tillpoints.TerminalConnection('premature');
      const error = await db
        .transaction('rw', ['meta'], async (tx) => {
          await tx.meta.put({ key: 'a', value: 1 });
          await new Promise((resolve) => setTimeout(resolve, 0));
          await tx.meta.put({ key: 'b', value: 2 });
        })
        .then(() => null, (e: { name: string; code: string; details?: { reason?: string } }) => ({ name: e.name, code: e.code, reason: e.details?.reason }));
      const b = await db.meta.get('b');
      db.close();
      return { error, b: b ?? null };
    });
    expect(outcome).toEqual({ error: { name: 'TillpointsError', code: 'storage', reason: 'transaction_finished' }, b: null });
  });

  it('writes nothing of a transaction whose callback throws', async () => {
    const count = await tab.evaluate(async () => {
      const db = new (window as unknown as LayerWindow).tillpoints.TerminalConnection('rollback');
      await db
        .transaction('rw', ['meta', 'members'], async (tx) => {
          await tx.meta.put({ key: 'outer', value: 1 });
          await tx.transaction('rw', ['meta'], (inner) => inner.meta.put({ key: 'inner', value: 2 }));
          throw new Error('refused');
        })
        .catch(() => {});
      const n = await db.meta.count();
      db.close();
      return n;
    });
    expect(count).toBe(0);
  });

  it('upgrades a queue Dexie wrote at version 1, and lets another tab upgrade past it without blocking', async () => {
    const seen = await tab.evaluate(async () => {
      const { Dexie, LOCAL_SCHEMA_VERSIONS, TerminalConnection, MIN_KEY, MAX_KEY } = (window as unknown as LayerWindow).tillpoints;
      const old = new Dexie('from-dexie');
      old.version(1).stores(LOCAL_SCHEMA_VERSIONS[0].stores);
      await old.table('intents').bulkAdd([1, 2, 3].map((i) => ({ intentId: `I${i}`, memberId: 'asha', state: 'pending', points: i })));
      old.close();
      const db = new TerminalConnection('from-dexie');
      const queued = await db.intents.where('[state+seq]').between(['pending', MIN_KEY], ['pending', MAX_KEY]).toArray();
      const byMember = await db.intents.where('[memberId+state]').equals(['asha', 'pending']).count();
      // Another tab opens a newer version: this connection gives way, then works on at that version.
      const newer = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('from-dexie', 1000);
        r.onupgradeneeded = () => r.result.createObjectStore('later');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
        r.onblocked = () => reject(new Error('blocked'));
      });
      newer.close();
      const after = await db.intents.count();
      db.close();
      return { queued: queued.map((i) => [i.seq, i.intentId, i.reversedPoints, i.settledAt]), byMember, after };
    });
    expect(seen).toEqual({
      queued: [[1, 'I1', 0, null], [2, 'I2', 0, null], [3, 'I3', 0, null]],
      byMember: 3,
      after: 3,
    });
  });
});
