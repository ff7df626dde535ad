import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTillpointsError, type ConflictEvent, type IntentEvent, type QuarantineEvent, type Terminal } from '../../src/index.js';
import { TerminalConnection } from '../../src/store/terminal-database.js';
import { TEST_MANAGER } from '../support/ledger-fixture.js';
import { startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { ledgerFetch, refusedIntent } from './support/ledger-fetch.js';
import { TILL_DATABASE } from './support/poison.js';

const ADJUSTMENT = { memberId: 'asha', points: 50, reason: 'missed bill B7', approvedBy: 'Meera' } as const;

describe('adjustments with a manager approval', () => {
  let w: TillWorld;
  let factory: IDBFactory;
  let db: TerminalConnection;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 500 }]);
    await w.ledger.addManager('store-1');
    factory = new IDBFactory();
    db = new TerminalConnection(TILL_DATABASE, { indexedDB: factory, IDBKeyRange });
  });
  afterEach(async () => {
    db.close();
    await w.close();
  });

  async function till(options: { fetch?: typeof fetch } = {}): Promise<Terminal> {
    const t = w.terminal({ factory, ...options });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    return t;
  }
  const storedApproval = async (intentId: string) => (await db.intents.where('intentId').equals(intentId).first())?.approval;
  const everything = (t: Terminal) => {
    const seen: unknown[] = [];
    for (const event of ['intent', 'conflict', 'quarantine', 'balance', 'sync'] as const) t.on(event, (e) => seen.push(e));
    return seen;
  };

  it('confirms an adjustment with the right PIN, and the till keeps no PIN once it is confirmed', async () => {
    const t = await till();
    const seen = everything(t);
    const { intentId } = await t.adjust({ ...ADJUSTMENT, approval: TEST_MANAGER });
    // Pending: the PIN waits in the outbox to be sent, and shows nowhere else.
    expect(await storedApproval(intentId)).toEqual(TEST_MANAGER);
    expect((await t.history('asha'))[0]).toMatchObject({ intentId, approval: { managerId: TEST_MANAGER.managerId } });
    expect((await t.history('asha'))[0]!.approval).not.toHaveProperty('pin');

    expect(await t.sync()).toMatchObject({ confirmed: 1, rejected: 0 });
    expect(await w.ledgerPoints('asha')).toBe(550);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 550, provisional: 550 });
    expect(await storedApproval(intentId)).toEqual({ managerId: TEST_MANAGER.managerId });
    expect(JSON.stringify([seen, await t.history('asha'), await t.conflicts()])).not.toContain(TEST_MANAGER.pin);
  });

  it('turns a wrong PIN into a conflict the cashier can act on, with the PIN cleared and the balance back', async () => {
    const t = await till();
    const seen = everything(t);
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));
    const { intentId } = await t.adjust({ ...ADJUSTMENT, approval: { managerId: TEST_MANAGER.managerId, pin: '999999' } });
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 550 });

    expect(await t.sync()).toMatchObject({ confirmed: 0, rejected: 1 });
    expect(conflicts).toEqual([expect.objectContaining({ intentId, kind: 'adjust', reason: 'manager_approval_invalid', action: expect.stringMatching(/PIN/) })]);
    expect(await t.conflicts()).toEqual([expect.objectContaining({ intentId, reason: 'manager_approval_invalid', action: conflicts[0]!.action })]);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 500, provisional: 500 });
    expect(await w.ledgerPoints('asha')).toBe(500);
    expect(await storedApproval(intentId)).toEqual({ managerId: TEST_MANAGER.managerId });
    expect(JSON.stringify([seen, await t.history('asha'), await t.conflicts()])).not.toContain('999999');
  });

  it('is refused as manager_approval_required without an approval, which the SDK itself does not demand', async () => {
    const t = await till();
    const conflicts: ConflictEvent[] = [];
    t.on('conflict', (c) => conflicts.push(c));
    const { intentId } = await t.adjust(ADJUSTMENT);
    expect(await t.sync()).toMatchObject({ rejected: 1 });
    expect(conflicts).toEqual([expect.objectContaining({ intentId, reason: 'manager_approval_required', action: expect.stringMatching(/approval/) })]);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 500, provisional: 500 });
  });

  it('applies once when the answer was lost, retried from a restarted till, and clears the PIN then', async () => {
    const first = await till();
    await first.sync(); // registers the till's incarnation: the answer lost below is a push's
    const { intentId } = await first.adjust({ ...ADJUSTMENT, approval: TEST_MANAGER });
    w.proxy.mode = { kind: 'drop-response' };
    await expect(first.sync()).rejects.toMatchObject({ code: 'network' });
    expect(await w.ledgerPoints('asha')).toBe(550); // the ledger did apply it
    expect(await storedApproval(intentId)).toEqual(TEST_MANAGER); // unanswered: still to be sent
    await first.close();

    w.proxy.mode = { kind: 'pass' };
    const second = await till();
    const statuses: IntentEvent[] = [];
    second.on('intent', (e) => statuses.push(e));
    expect(await second.sync()).toMatchObject({ pushed: 1, confirmed: 1, rejected: 0 });
    expect(statuses).toEqual([expect.objectContaining({ intentId, status: 'confirmed' })]);
    expect(await w.ledgerPoints('asha')).toBe(550);
    const rows = await w.ledger.ledger.database.query(`SELECT count(*)::int AS n FROM intents WHERE intent_id = '${intentId}'`);
    expect(Number(rows[0]!.n)).toBe(1);
    expect(await second.getBalance('asha')).toMatchObject({ confirmed: 550, provisional: 550 });
    expect(await storedApproval(intentId)).toEqual({ managerId: TEST_MANAGER.managerId });
  });

  it('keeps the PIN of a quarantined adjustment until staff void it, and never shows it', async () => {
    let refuse = true;
    const fetch = ledgerFetch('/v1/push', async (body, forward) => (refuse ? refusedIntent(0) : forward(body)));
    const t = await till({ fetch });
    const quarantines: QuarantineEvent[] = [];
    t.on('quarantine', (e) => quarantines.push(e));
    const { intentId } = await t.adjust({ ...ADJUSTMENT, approval: TEST_MANAGER });
    expect(await t.sync()).toMatchObject({ quarantined: 1 });
    expect(await storedApproval(intentId)).toEqual(TEST_MANAGER);
    expect(JSON.stringify([quarantines, await t.quarantined(), await t.history('asha')])).not.toContain(TEST_MANAGER.pin);

    refuse = false;
    await t.voidQuarantined(intentId, 'entered twice');
    expect(await storedApproval(intentId)).toEqual({ managerId: TEST_MANAGER.managerId });
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 500 });
    expect(await w.ledgerPoints('asha')).toBe(500);
  });

  it('sends a retried quarantined adjustment with its PIN, and clears it once confirmed', async () => {
    let refuse = true;
    const fetch = ledgerFetch('/v1/push', async (body, forward) => (refuse ? refusedIntent(0) : forward(body)));
    const t = await till({ fetch });
    const { intentId } = await t.adjust({ ...ADJUSTMENT, approval: TEST_MANAGER });
    expect(await t.sync()).toMatchObject({ quarantined: 1 });

    refuse = false;
    await t.retryQuarantined(intentId);
    expect(await storedApproval(intentId)).toEqual(TEST_MANAGER);
    expect(await t.sync()).toMatchObject({ confirmed: 1 });
    expect(await w.ledgerPoints('asha')).toBe(550);
    expect(await storedApproval(intentId)).toEqual({ managerId: TEST_MANAGER.managerId });
  });

  it.each([
    ['a PIN of 5 digits', { managerId: 'manager-1', pin: '12345' }],
    ['a PIN of 13 digits', { managerId: 'manager-1', pin: '1234567890123' }],
    ['a PIN with letters', { managerId: 'manager-1', pin: '12345a' }],
    ['no manager id', { pin: '246810' }],
    ['an unknown field', { managerId: 'manager-1', pin: '246810', role: 'admin' }],
  ])('refuses an approval with %s as invalid_argument, storing nothing and never echoing the PIN', async (_name, approval) => {
    const t = await till();
    const error = await t.adjust({ ...ADJUSTMENT, approval: approval as never }).then(() => undefined, (e: unknown) => e);
    expect(isTillpointsError(error, 'invalid_argument')).toBe(true);
    expect(JSON.stringify({ message: (error as Error).message, details: (error as { details: unknown }).details })).not.toContain(String(approval.pin ?? '\u0000'));
    expect(await t.status()).toMatchObject({ queueDepth: 0 });
    expect(await t.getBalance('asha')).toMatchObject({ provisional: 500 });
  });
});
