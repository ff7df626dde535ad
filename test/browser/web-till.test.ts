import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesetV1 } from '../../examples/demo-ruleset.js';
import { demoCatalogue } from '../../examples/web-till/demo-catalogue.js';
import { serveWebTill, type WebTillServer } from '../../examples/web-till/serve.js';
import { launchChromium } from '../support/chromium.js';
import { startTestLedger, type TestLedger } from '../support/ledger-fixture.js';
import { cashier, type Cashier } from '../support/web-till-page.js';

const ARTIFACTS = 'test-artifacts/web-till';

declare global {
  interface Window {
    /** When the cashier clicked Checkout and when the member panel showed the points confirmed (page clock, ms). */
    checkoutTiming: { clickedAt?: number; confirmedAt?: number };
  }
}
const TILL = { terminalId: 'web-till-1', storeId: 'store-1' };

describe('the web till in real Chromium, against the real ledger over HTTP', () => {
  let ledger: TestLedger;
  let server: WebTillServer;
  let browser: Browser;
  let context: BrowserContext;
  let till: Cashier;
  const ledgerPoints = async (memberId: string) =>
    (await ledger.get(`/v1/members/lookup?memberId=${memberId}`, ledger.adminKey)).body.member.balance.points as number;
  const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await serveWebTill();
    ledger = await startTestLedger('pglite', { corsOrigins: server.origins });
    const apiKey = await ledger.addTerminal(TILL.terminalId, TILL.storeId);
    await ledger.addMembers([{ memberId: 'asha', name: 'Asha Patil', cardNumber: 'TP0001', phone: '+91 98765 43210', openingPoints: 500 }]);
    expect((await ledger.post('/v1/admin/rulesets', { protocol: 'v1', ruleset: rulesetV1 }, ledger.adminKey)).status).toBe(201);
    server.configure({ ledgerUrl: ledger.url, ...TILL, apiKey, ...demoCatalogue() });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    till = cashier(page);
    await till.ready();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await ledger?.close();
  });

  it('checks out online and shows the balance confirmed within a second', async () => {
    await till.bannerIs('synced');
    await till.find('TP0001');
    expect(await till.member()).toEqual({ provisional: 500, confirmed: 500 });
    await till.scan(['KURTA-COTTON', 1], ['BANANA-DOZEN', 1]); // ₹1,299 of apparel at 5 per ₹100, ₹60 of fruit: 64 + 1
    // Timed in the page, from the cashier's click to the panel showing every point confirmed
    // (the test's own messages to the browser are not the till's latency).
    await till.page.evaluate(() => {
      const panel = document.getElementById('member')!;
      const timing: Window['checkoutTiming'] = (window.checkoutTiming = {});
      document.getElementById('checkout')!.addEventListener('click', () => (timing.clickedAt = performance.now()), { capture: true, once: true });
      new MutationObserver(() => {
        if (timing.clickedAt !== undefined && timing.confirmedAt === undefined && panel.dataset.confirmed === '565' && panel.dataset.provisional === '565') {
          timing.confirmedAt = performance.now();
        }
      }).observe(panel, { attributes: true });
    });
    await till.checkout();
    const confirmedAfter = await till.page.waitForFunction(() => {
      const { clickedAt, confirmedAt } = window.checkoutTiming;
      return confirmedAt !== undefined && clickedAt !== undefined && confirmedAt - clickedAt;
    }, null, { timeout: 5_000 });
    expect(await confirmedAfter.jsonValue()).toBeLessThan(1_000);
    await till.page.waitForSelector('#receipt-points li[data-state="confirmed"]');
    expect(await till.receipt()).toEqual([{ state: 'confirmed', text: 'Earned 65 points: confirmed by the ledger' }]);
    expect(await ledgerPoints('asha')).toBe(565);
    // The page asked the browser to keep its storage, and says what it answered.
    const storage = await till.page.$eval('#storage', (s) => ({ persisted: s.dataset.persisted, text: s.textContent }));
    expect(['true', 'false']).toContain(storage.persisted);
    expect(storage.text).toMatch(storage.persisted === 'true' ? /kept/ : /best effort/);
    await till.bannerIs('synced');
    await shot(till.page, 'online');
  });

  it('answers bills and redemptions at once offline, counts the queue, and confirms everything when back online', async () => {
    await context.setOffline(true);
    await till.bannerIs('offline');
    const first = await till.checkoutOf([['ATTA-10KG', 1]], 0); // ₹545: 5 points
    const second = await till.checkoutOf([['GHEE-1L', 1]], 100); // ₹650: 6 points; 100 redeemed within the allowance
    expect(first.ms).toBeLessThan(1_000);
    expect(second.ms).toBeLessThan(1_000);
    expect(await till.member()).toEqual({ provisional: 565 + 5 + 6 - 100, confirmed: 565 });
    expect((await till.receipt()).map((e) => e.state)).toEqual(['provisional', 'provisional']);
    await till.bannerIs('offline', 3);
    expect((await till.banner()).text).toMatch(/^Offline · 3 queued · oldest \d+ s/);
    await shot(till.page, 'offline-queue');

    await context.setOffline(false);
    await till.bannerIs('synced', 0);
    await till.page.waitForFunction(() => document.getElementById('member')!.dataset.confirmed === '476');
    expect(await till.member()).toEqual({ provisional: 476, confirmed: 476 });
    await till.page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('#receipt-points li')].every((li) => li.dataset.state === 'confirmed'));
    expect(await ledgerPoints('asha')).toBe(476);
    expect((await till.banner()).text).toBe('All synced');
    await shot(till.page, 'synced');
  });

  it('runs one sync loop for two tabs of one till, and both tabs show the same balances', async () => {
    const second = cashier(await context.newPage());
    await second.page.goto(server.url);
    await second.ready();
    await second.find('98765 43210');
    await till.find('TP0001');
    // Every push the tabs send, by tab, with the intents in it (a route sees the request's body).
    const pushes: { tab: string; intentIds: string[] }[] = [];
    const tabName = (page: Page) => (page === till.page ? 'first' : page === second.page ? 'second' : 'other');
    await context.route('**/v1/push', (route, request) => {
      if (request.method() === 'POST') {
        const intents = (request.postDataJSON() as { intents: { intentId: string }[] }).intents;
        pushes.push({ tab: tabName(request.frame().page()), intentIds: intents.map((i) => i.intentId) });
      }
      return route.continue();
    });

    const bills = [
      await second.checkoutOf([['KURTA-COTTON', 1]], 0), // from the tab that does not sync: +64
      await till.checkoutOf([['ONION-1KG', 3]], 0), // ₹120 of vegetables at 2 per ₹100: +2
      await second.checkoutOf([['JUTTI-PAIR', 1]], 0), // ₹1,199 of footwear at 3 per ₹100: +35
    ];
    const expected = 476 + 64 + 2 + 35;
    for (const tab of [till, second]) {
      await tab.page.waitForFunction((points) => {
        const m = document.getElementById('member')!.dataset;
        return m.confirmed === String(points) && m.provisional === String(points);
      }, expected);
      await tab.bannerIs('synced', 0);
    }
    expect(await ledgerPoints('asha')).toBe(expected);
    expect(await till.member()).toEqual(await second.member());
    expect(await till.page.textContent('#leader')).toBe('This tab syncs for the till');
    expect(await second.page.textContent('#leader')).toBe('Another tab of this till syncs');

    // Pushes came from one tab only, and each intent was sent once; the ledger stored one accrual per bill.
    expect(new Set(pushes.map((p) => p.tab))).toEqual(new Set(['first']));
    const sent = pushes.flatMap((p) => p.intentIds);
    expect(sent).toHaveLength(3);
    expect(new Set(sent).size).toBe(3);
    const rows = await ledger.ledger.database.query<{ bill: string; n: number }>(
      `SELECT body->'bill'->>'billId' AS bill, count(*)::int AS n FROM intents WHERE terminal_id = $1 AND body->'bill'->>'billId' = ANY($2) GROUP BY 1`,
      [TILL.terminalId, bills.map((b) => b.billId)],
    );
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
    // Each tab's receipt confirms, though only the first tab runs the loop.
    await second.page.waitForSelector('#receipt-points li[data-state="confirmed"]');
    await shot(till.page, 'two-tabs-leader');
    await shot(second.page, 'two-tabs-follower');
    await context.unroute('**/v1/push');
  });

  it('puts a bill the ledger cannot read on the staff desk, and sends it unchanged when staff retry', async () => {
    // The ledger refuses the push as too large (413): a fault of the intent, not of the line.
    const tooLarge = { error: { code: 'body_too_large', message: 'the request body is larger than the ledger accepts' } };
    await context.route('**/v1/push', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 413, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: JSON.stringify(tooLarge) })
        : route.continue(),
    );
    const { billId } = await till.checkoutOf([['DIYA-SET-12', 1]]); // ₹199: 1 point
    await till.page.waitForFunction(() => document.getElementById('quarantine-count')!.textContent === '1');
    expect(await till.page.textContent('#quarantined li')).toContain(`accrue of 1 point for asha on bill ${billId}: body_too_large`);
    await till.page.waitForFunction(() => /1 quarantined for staff/.test(document.getElementById('banner')!.textContent!));
    expect((await till.receipt())[0]).toEqual({ state: 'provisional', text: 'Earned 1 point: provisional: held for staff (see the staff desk)' });
    await shot(till.page, 'quarantine');

    await context.unroute('**/v1/push');
    await till.page.click('#quarantined li button:text("Retry")');
    await till.page.waitForSelector('#receipt-points li[data-state="confirmed"]');
    expect(await till.page.textContent('#quarantine-count')).toBe('0');
    const rows = await ledger.ledger.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM intents WHERE body->'bill'->>'billId' = $1`, [billId],
    );
    expect(rows[0]!.n).toBe(1);
  });
});
