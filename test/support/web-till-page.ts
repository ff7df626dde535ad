import type { Page } from 'playwright-core';
import type { Sku } from '../../examples/demo-ruleset.js';

declare global {
  interface Window {
    /** When the cashier clicked Checkout and when the receipt showed the bill (page clock, ms). */
    receiptTiming: { clickedAt?: number; shownAt?: number };
  }
}

/** A cashier at the web till (examples/web-till): everything through the page's DOM. */
export interface Cashier {
  readonly page: Page;
  /** Waits until the till has started and holds an earning ruleset. */
  ready(): Promise<void>;
  /** Finds a member by card or phone and waits for their panel. */
  find(cardOrPhone: string): Promise<void>;
  /** Scans products onto the bill. */
  scan(...items: readonly (readonly [Sku, number])[]): Promise<void>;
  /** Checks out (redeeming `redeemPoints`) and answers the bill id and how long the till took from the click to the receipt. */
  checkout(redeemPoints?: number): Promise<{ billId: string; ms: number }>;
  /** Scans a bill's products and checks out: `scan` then `checkout`. */
  checkoutOf(items: readonly (readonly [Sku, number])[], redeemPoints?: number): Promise<{ billId: string; ms: number }>;
  /** The banner's state (`offline`, `syncing`, `synced`...), text and queue depth. */
  banner(): Promise<{ state: string; text: string; queue: number }>;
  /** Waits for the banner to reach `state` (and, when given, a queue of `queue`). */
  bannerIs(state: string, queue?: number, timeout?: number): Promise<void>;
  /** The member panel's redeemable (provisional) and confirmed points. */
  member(): Promise<{ provisional: number; confirmed: number }>;
  /** The receipt's entries: their state (`provisional`, `confirmed`, `refused`) and words. */
  receipt(): Promise<{ state: string; text: string }[]>;
}

/** Drives the web till open in `page`. */
export function cashier(page: Page): Cashier {
  const self: Cashier = {
    page,
    async ready() {
      await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
      await page.waitForFunction(() => /ruleset v\d+/.test(document.getElementById('till-name')!.textContent ?? ''), null, { timeout: 30_000 });
    },
    async find(cardOrPhone) {
      await page.fill('#find-input', cardOrPhone);
      await page.click('#find-form button');
      await page.waitForSelector('#member:not([hidden])[data-provisional]');
    },
    async scan(...items) {
      for (const [sku, quantity] of items) {
        await page.fill('#scan-input', sku);
        await page.fill('#scan-qty', String(quantity));
        await page.click('#scan-form button');
      }
    },
    async checkout(redeemPoints = 0) {
      const billId = (await page.textContent('#bill-id'))!;
      await page.fill('#redeem-points', String(redeemPoints));
      // Timed in the page, from the click to the receipt of this bill (not the test's messages to the browser).
      await page.evaluate((id) => {
        const timing: Window['receiptTiming'] = (window.receiptTiming = {});
        document.getElementById('checkout')!.addEventListener('click', () => (timing.clickedAt = performance.now()), { capture: true, once: true });
        const shown = document.getElementById('receipt-bill')!;
        const observer = new MutationObserver(() => {
          if (shown.textContent !== id) return;
          timing.shownAt = performance.now();
          observer.disconnect();
        });
        observer.observe(shown, { childList: true, characterData: true, subtree: true });
      }, billId);
      await page.click('#checkout');
      const took = await page.waitForFunction(() => {
        const { clickedAt, shownAt } = window.receiptTiming;
        return clickedAt !== undefined && shownAt !== undefined && { ms: shownAt - clickedAt };
      }, null, { timeout: 10_000 });
      const error = await page.textContent('#bill-error');
      if (error) throw new Error(`checkout refused: ${error}`);
      return { billId, ms: ((await took.jsonValue()) as { ms: number }).ms };
    },
    async checkoutOf(items, redeemPoints) {
      await self.scan(...items);
      return self.checkout(redeemPoints);
    },
    async banner() {
      return page.$eval('#banner', (b) => ({ state: b.dataset.state ?? '', text: b.textContent ?? '', queue: Number(b.dataset.queue ?? NaN) }));
    },
    async bannerIs(state, queue, timeout = 15_000) {
      await page.waitForFunction(
        ([state, queue]) => {
          const b = document.getElementById('banner')!;
          return b.dataset.state === state && (queue === null || b.dataset.queue === String(queue));
        },
        [state, queue ?? null] as const,
        { timeout },
      );
    },
    async member() {
      return page.$eval('#member', (m) => ({ provisional: Number(m.dataset.provisional), confirmed: Number(m.dataset.confirmed) }));
    },
    async receipt() {
      return page.$$eval('#receipt-points li', (items) => items.map((li) => ({ state: li.dataset.state ?? '', text: li.textContent ?? '' })));
    },
  };
  return self;
}
