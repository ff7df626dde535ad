import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { ERROR_CODES, TillpointsError, createTerminal, isTillpointsError, type ErrorCode, type ListenerErrorEvent, type Terminal } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';

const ULID = '01JD0000000000000000000000';

/** Every operation of the terminal, called with valid arguments. */
const operations: [string, (t: Terminal) => Promise<unknown>][] = [
  ['getBalance', (t) => t.getBalance('asha')],
  ['prefetch', (t) => t.prefetch({ memberIds: ['asha'] })],
  ['lookupMember', (t) => t.lookupMember({ memberId: 'asha' })],
  ['accrue', (t) => t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) })],
  ['enrol', (t) => t.enrol({ phone: '9876543210', consents: ['loyalty_terms'] })],
  ['redeem', (t) => t.redeem({ memberId: 'asha', points: 5 })],
  ['holdPoints', (t) => t.holdPoints({ memberId: 'asha', points: 5 })],
  ['releaseHold', (t) => t.releaseHold(ULID)],
  ['prefetchAllowances', (t) => t.prefetchAllowances({ memberIds: ['asha'] })],
  ['reverse', (t) => t.reverse({ originalIntentId: ULID, memberId: 'asha', points: 5, originalKind: 'accrue' })],
  ['checkout', (t) => t.checkout({ memberId: 'asha', bill: { billId: 'B1', lines: [{ lineId: 'L1', sku: 'RICE', category: 'staples', quantity: 1, unitPricePaise: 100, amountPaise: 100 }] } })],
  ['adjust', (t) => t.adjust({ memberId: 'asha', points: 5, reason: 'missed bill', approvedBy: 'meera' })],
  ['whenSettled', (t) => t.whenSettled(ULID)],
  ['intent', (t) => t.intent(ULID)],
  ['intentsOfBill', (t) => t.intentsOfBill('B1')],
  ['sync', (t) => t.sync()],
  ['status', (t) => t.status()],
  ['conflicts', (t) => t.conflicts()],
  ['acknowledgeConflict', (t) => t.acknowledgeConflict(ULID)],
  ['quarantined', (t) => t.quarantined()],
  ['retryQuarantined', (t) => t.retryQuarantined(ULID)],
  ['voidQuarantined', (t) => t.voidQuarantined(ULID, 'given up')],
  ['history', (t) => t.history('asha')],
];

describe('the start rule: an operation on a terminal never started throws not_started', () => {
  // No ledger is needed: a terminal that was never started must not reach for one.
  const requests: string[] = [];
  const fetch: typeof globalThis.fetch = async (input) => {
    requests.push(String(input));
    throw new Error('a terminal never started reached for the network');
  };
  const till = (indexedDB = new IDBFactory()) =>
    createTerminal({ ledgerUrl: 'http://127.0.0.1:9', terminalId: 'till-1', storeId: 'store-1', apiKey: 'tp_term_not_used', indexedDB, IDBKeyRange, fetch, autoSync: false });

  it.each(operations)('%s throws not_started before start(), and reaches for nothing', async (_name, call) => {
    const t = till();
    const error = await call(t).then(() => undefined, (e: unknown) => e);
    expect(isTillpointsError(error, ERROR_CODES.notStarted)).toBe(true);
    expect(requests).toEqual([]);
    await t.close();
  });

  it('lets on, once, subscribeStatus, getStatusSnapshot and close work before start()', async () => {
    const t = till();
    const off = [t.on('intent', () => {}), t.once('sync', () => {}), t.subscribeStatus(() => {})];
    expect(t.getStatusSnapshot()).toMatchObject({ online: null, queueDepth: 0, oldestPendingAgeMs: 0, lastSyncAt: null, leader: false });
    for (const unsubscribe of off) unsubscribe();
    await t.close();
    await expect(t.start()).rejects.toMatchObject({ code: 'closed' });
  });

  it('makes a call made while start() is in flight wait for it, then run', async () => {
    const factory = new IDBFactory();
    const t = till(factory);
    const starting = t.start();
    // Not awaited: these calls are made while the database is still opening.
    const status = t.status();
    const balance = t.getBalance('asha');
    await starting;
    expect(await status).toMatchObject({ queueDepth: 0 });
    expect(await balance).toMatchObject({ memberId: 'asha', known: false });
    // A second start answers the first's outcome; the terminal works on.
    await t.start();
    expect(await t.history('asha')).toEqual([]);
    await t.close();
    await expect(t.getBalance('asha')).rejects.toMatchObject({ code: 'closed' });
  });

  it('makes a call made while a failing start() is in flight throw what the start threw', async () => {
    const broken = new IDBFactory();
    broken.open = () => {
      throw new Error('the disk is gone');
    };
    const t = till(broken);
    const starting = t.start();
    const balance = t.getBalance('asha');
    await expect(starting).rejects.toMatchObject({ code: 'storage' });
    await expect(balance).rejects.toMatchObject({ code: 'storage' });
    // Never started: calls made now say so.
    await expect(t.getBalance('asha')).rejects.toMatchObject({ code: 'not_started' });
  });
});

describe('listeners: once, and a listener that throws is reported, never swallowed', () => {
  let w: TillWorld;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
  });
  afterEach(() => w.close());

  it('calls a once listener for the next event only', async () => {
    const t = w.terminal();
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const heard: number[] = [];
    t.once('balance', (b) => heard.push(b.provisional));
    await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    await t.accrue({ memberId: 'asha', points: 7, bill: bill('B2', 7000) });
    expect(heard).toEqual([105]);
    // Unsubscribed before it came, it never comes.
    const off = t.once('balance', () => expect.fail('unsubscribed'));
    off();
    await t.accrue({ memberId: 'asha', points: 1, bill: bill('B3', 1000) });
  });

  it('reports a throwing listener as an error event, and the till\'s bookkeeping goes on', async () => {
    const reported: ListenerErrorEvent[] = [];
    const t = w.terminal({ onListenerError: (e) => reported.push(e) });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const boom = new Error('the UI broke');
    t.on('intent', () => {
      throw boom;
    });
    t.on('sync', () => {
      throw boom;
    });
    const errors: ListenerErrorEvent[] = [];
    t.on('error', (e) => errors.push(e));

    const receipt = await t.accrue({ memberId: 'asha', points: 15, bill: bill('B1', 15_000) });
    expect(receipt.balance.provisional).toBe(115);
    expect(errors).toEqual([{ event: 'intent', error: boom }]);
    const report = await t.sync();
    expect(report).toMatchObject({ confirmed: 1 });
    expect(errors.map((e) => e.event)).toEqual(['intent', 'intent', 'sync']);
    expect(await w.ledgerPoints('asha')).toBe(115);
    expect(await t.getBalance('asha')).toMatchObject({ confirmed: 115, provisional: 115 });
    // With an error listener, the option hears nothing.
    expect(reported).toEqual([]);
  });

  it('hands a throw to onListenerError when no error listener takes it, or the error listener throws too', async () => {
    const reported: ListenerErrorEvent[] = [];
    const t = w.terminal({ onListenerError: (e) => reported.push(e) });
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    const boom = new Error('the UI broke');
    t.on('balance', () => {
      throw boom;
    });
    await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    expect(reported).toEqual([{ event: 'balance', error: boom }]);

    const worse = new Error('the error handler broke');
    t.on('error', () => {
      throw worse;
    });
    await t.accrue({ memberId: 'asha', points: 5, bill: bill('B2', 5000) });
    expect(reported).toEqual([
      { event: 'balance', error: boom },
      { event: 'error', error: worse },
    ]);
    expect((await t.status()).queueDepth).toBe(2);
  });

  it('refuses an onListenerError that is not a function with invalid_options', () => {
    expect(() => w.terminal({ onListenerError: 'log it' as never })).toThrow(expect.objectContaining({ code: 'invalid_options' }));
  });

  it('goes on after a status subscriber throws, reporting it', async () => {
    const t = w.terminal();
    await t.start();
    const errors = nextEvent(t, 'error');
    t.subscribeStatus(() => {
      throw new Error('render failed');
    });
    await t.lookupMember({ memberId: 'asha' });
    await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    expect(await errors).toMatchObject({ event: 'status', error: expect.objectContaining({ message: 'render failed' }) });
  });
});

describe('isTillpointsError', () => {
  it('narrows the code to the codes asked for', () => {
    const e: unknown = new TillpointsError(ERROR_CODES.timeout, 'no answer');
    if (isTillpointsError(e, ERROR_CODES.timeout, ERROR_CODES.aborted)) {
      expectTypeOf(e.code).toEqualTypeOf<'timeout' | 'aborted'>();
      expectTypeOf(e).toMatchTypeOf<TillpointsError>();
    } else {
      expect.fail('a timeout is a timeout');
    }
    const any: unknown = e;
    if (isTillpointsError(any)) expectTypeOf(any.code).toEqualTypeOf<ErrorCode>();
    expect(isTillpointsError(e, ERROR_CODES.aborted)).toBe(false);
    expect(isTillpointsError(new Error('plain'))).toBe(false);
  });

  it('knows the new codes', () => {
    expect([ERROR_CODES.notStarted, ERROR_CODES.timeout, ERROR_CODES.aborted]).toEqual(['not_started', 'timeout', 'aborted']);
  });
});
