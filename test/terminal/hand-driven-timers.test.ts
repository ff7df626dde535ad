import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isTillpointsError } from '../../src/index.js';
import { bill, nextEvent, startTillWorld, type TillWorld } from '../support/terminal-fixture.js';
import { HandTimers } from './support/hand-timers.js';

// Distinct delays, so each timer says what it is for.
const REQUEST_MS = 2222;
const HOLD_MS = 1234;
const MEMBER_MS = 1111;
const PULL_MS = 60_000;
const RETRY = { baseMs: 1000, maxMs: 8000 };

describe('a terminal on hand-driven timers', () => {
  let w: TillWorld;
  let timers: HandTimers;
  beforeEach(async () => {
    w = await startTillWorld([{ memberId: 'asha', openingPoints: 100 }]);
    timers = new HandTimers();
  });
  afterEach(async () => {
    await w.close();
  });

  const till = (autoSync: boolean) =>
    w.terminal({
      autoSync, timers, random: () => 0, retry: RETRY, pullIntervalMs: PULL_MS,
      requestTimeoutMs: REQUEST_MS, holdDeadlineMs: HOLD_MS, memberDeadlineMs: MEMBER_MS,
      // The rounds' timers only: the live stream's own (reconnect, idle) are tested in live-stream.test.ts.
      liveStream: false,
    });

  it('schedules the next round, and the backoff after a failure, on the timers it was given', async () => {
    const t = till(true);
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    expect(timers.pending).toContain(0); // the first round, due at once, waits for the timers
    const synced = nextEvent(t, 'sync');
    await timers.fire(0);
    await synced;
    await timers.set(PULL_MS); // a success waits the pull interval

    w.proxy.mode = { kind: 'offline' };
    const failed = nextEvent(t, 'status', (s) => s.lastError !== null);
    await timers.fire(PULL_MS);
    await failed;
    await timers.set(RETRY.baseMs / 2); // the first backoff, with no jitter (random 0)
    const failedAgain = nextEvent(t, 'status', (s) => s.lastError !== null);
    await timers.fire(RETRY.baseMs / 2);
    await failedAgain;
    await timers.set(RETRY.baseMs);

    w.proxy.mode = { kind: 'pass' };
    await t.accrue({ memberId: 'asha', points: 5, bill: bill('B1', 5000) });
    const recovered = nextEvent(t, 'status', (s) => s.lastError === null && s.queueDepth === 0);
    await timers.fire(RETRY.baseMs);
    await recovered;
    expect(await w.ledgerPoints('asha')).toBe(105);
    await t.close();
    expect(timers.pending).toEqual([]); // closing clears the scheduled round
  });

  it('fails a request as network with timedOut when the timers time it out', async () => {
    const t = till(false);
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'hang' };
    const round = t.sync();
    await timers.fire(REQUEST_MS);
    await expect(round).rejects.toSatisfy((e) => isTillpointsError(e, 'network') && e.details?.timedOut === true);
  });

  it('waits for a hold, and for a member lookup, only until the timers say the deadline passed', async () => {
    const t = till(false);
    await t.start();
    await t.lookupMember({ memberId: 'asha' });
    w.proxy.mode = { kind: 'hang' };
    const hold = t.holdPoints({ memberId: 'asha', points: 10 });
    await timers.fire(HOLD_MS);
    await expect(hold).rejects.toSatisfy((e) => isTillpointsError(e, 'network') && /did not answer in time/.test(e.message));

    const unknown = t.accrue({ memberId: 'ravi', points: 5, bill: bill('B2', 5000) });
    await timers.fire(MEMBER_MS);
    await expect(unknown).rejects.toSatisfy((e) => isTillpointsError(e, 'member_not_found'));
  });
});
