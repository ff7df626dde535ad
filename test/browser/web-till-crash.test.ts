import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulesetV1 } from '../../examples/demo-ruleset.js';
import { demoCatalogue } from '../../examples/web-till/demo-catalogue.js';
import { serveWebTill, type WebTillServer } from '../../examples/web-till/serve.js';
import { startChromiumProcess, type ChromiumProcess } from '../support/chromium-process.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startTestLedger, type TestLedger } from '../support/ledger-fixture.js';
import { cashier, type Cashier } from '../support/web-till-page.js';

const ARTIFACTS = 'test-artifacts/web-till';
const TILL = { terminalId: 'web-till-crash', storeId: 'store-1' };

describe('the web till when Chromium is killed with bills queued', () => {
  let ledger: TestLedger;
  let proxy: FaultProxy;
  let server: WebTillServer;
  let profile: string;
  let chromium: ChromiumProcess | undefined;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'web-till-profile-'));
    server = await serveWebTill();
    ledger = await startTestLedger('pglite', { corsOrigins: server.origins });
    proxy = await startFaultProxy(ledger.url); // the till's line to the ledger, which the test cuts
    const apiKey = await ledger.addTerminal(TILL.terminalId, TILL.storeId);
    await ledger.addMembers([{ memberId: 'asha', name: 'Asha Patil', cardNumber: 'TP0001', openingPoints: 500 }]);
    expect((await ledger.post('/v1/admin/rulesets', { protocol: 'v1', ruleset: rulesetV1 }, ledger.adminKey)).status).toBe(201);
    server.configure({ ledgerUrl: proxy.url, ...TILL, apiKey, ...demoCatalogue() });
  }, 120_000);
  afterAll(async () => {
    await chromium?.close();
    await proxy?.close();
    await server?.close();
    await ledger?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  async function openTill(): Promise<Cashier> {
    chromium = await startChromiumProcess(profile);
    const context = chromium.browser.contexts()[0]!;
    const page: Page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(server.url);
    const till = cashier(page);
    await till.ready();
    return till;
  }

  const storedBills = (billIds: readonly string[]) =>
    ledger.ledger.database.query<{ bill: string; n: number }>(
      `SELECT body->'bill'->>'billId' AS bill, count(*)::int AS n FROM intents WHERE terminal_id = $1 AND body->'bill'->>'billId' = ANY($2) GROUP BY 1 ORDER BY 1`,
      [TILL.terminalId, billIds],
    );

  it('keeps every queued bill through a SIGKILL of the browser, and the ledger confirms each exactly once', async () => {
    let till = await openTill();
    await till.bannerIs('synced');
    await till.find('TP0001'); // cached while the line is up

    proxy.mode = { kind: 'offline' };
    const bills = [
      await till.checkoutOf([['KURTA-COTTON', 1]]), // +64
      await till.checkoutOf([['JUTTI-PAIR', 1]]), // +35
      await till.checkoutOf([['ATTA-10KG', 1]]), // +5
    ].map((b) => b.billId);
    await till.bannerIs('offline', 3);
    expect(await till.member()).toEqual({ provisional: 604, confirmed: 500 });
    await till.page.screenshot({ path: `${ARTIFACTS}/crash-before.png`, fullPage: true });
    expect(await storedBills(bills)).toEqual([]);

    await chromium!.crash(); // SIGKILL: no unload, no graceful close of IndexedDB

    till = await openTill(); // the same profile directory, the line still down
    await till.bannerIs('offline', 3);
    await till.find('TP0001');
    expect(await till.member()).toEqual({ provisional: 604, confirmed: 500 });
    await till.page.screenshot({ path: `${ARTIFACTS}/after-crash.png`, fullPage: true });

    proxy.mode = { kind: 'pass' };
    await till.page.click('#sync-now');
    await till.bannerIs('synced', 0);
    await till.page.waitForFunction(() => document.getElementById('member')!.dataset.confirmed === '604');
    expect(await storedBills(bills)).toEqual([...bills].sort().map((bill) => ({ bill, n: 1 })));
    const fromTill = await ledger.ledger.database.query<{ n: number }>('SELECT count(*)::int AS n FROM intents WHERE terminal_id = $1', [TILL.terminalId]);
    expect(fromTill[0]!.n).toBe(3); // nothing else: no bill made again under a new id
    expect((await ledger.get('/v1/members/lookup?memberId=asha', ledger.adminKey)).body.member.balance.points).toBe(604);
    await till.page.screenshot({ path: `${ARTIFACTS}/after-crash-synced.png`, fullPage: true });
  });

  it("shows a storage_reset in the ledger's gap report when the browser evicts the till's storage", async () => {
    // The browser and till the test above left running (its three bills synced, numbers 1 to 3).
    // What Safari's 7-day cap does to a till left unused: all of the origin's storage deleted.
    const page = chromium!.browser.contexts()[0]!.pages()[0]!;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(server.url).origin, storageTypes: 'all' });
    await page.reload();
    const till = cashier(page);
    await till.ready();
    await till.find('TP0001'); // nothing cached any more: from the ledger
    await till.checkoutOf([['GHEE-1L', 1]]); // +6, numbered after the last number the ledger had
    await till.bannerIs('synced', 0);
    const { body } = await ledger.get('/v1/admin/gaps', ledger.adminKey);
    expect(body.gaps).toEqual([expect.objectContaining({ terminalId: TILL.terminalId, kind: 'storage_reset', fromSeq: 4, toSeq: null })]);
    expect((await ledger.get('/v1/members/lookup?memberId=asha', ledger.adminKey)).body.member.balance.points).toBe(610);
  });
});
