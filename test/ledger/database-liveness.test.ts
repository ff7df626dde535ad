import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DatabaseLiveness, DatabaseNotAnsweringError } from '../../src/ledger/sql/database-liveness.js';
import { isStorageUnavailable } from '../../src/ledger/sql/storage-errors.js';

describe('whether a database that works one statement at a time is up', () => {
  let clock: number;
  let liveness: DatabaseLiveness;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    liveness = new DatabaseLiveness({ freshMs: 2_000, pingWithinMs: 1_000, now: () => clock });
  });
  afterEach(() => vi.useRealTimers());

  it('is up without a ping while it answered within the last freshMs', async () => {
    liveness.answered();
    clock = 2_000;
    const ping = vi.fn(() => new Promise<void>(() => {})); // a thread busy with a long statement
    await expect(liveness.check(ping)).resolves.toBeUndefined();
    expect(ping).not.toHaveBeenCalled();
  });

  it('pings once the last answer is older, and is up when the ping is answered', async () => {
    liveness.answered();
    clock = 2_001;
    const ping = vi.fn(async () => {});
    await expect(liveness.check(ping)).resolves.toBeUndefined();
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('pings at once after a request could not reach the database, however lately it answered', async () => {
    liveness.answered();
    clock = 100;
    liveness.unreachable();
    const ping = vi.fn(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    await expect(liveness.check(ping)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('pings a database that never answered yet', async () => {
    const ping = vi.fn(async () => {});
    await expect(liveness.check(ping)).resolves.toBeUndefined();
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('counts as stuck, a storage failure, when the ping is not answered within pingWithinMs', async () => {
    liveness.answered();
    clock = 5_000;
    const checked = liveness.check(() => new Promise<void>(() => {})).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(999);
    let settled = false;
    void checked.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await checked;
    expect(error).toBeInstanceOf(DatabaseNotAnsweringError);
    expect(isStorageUnavailable(error)).toBe(true);
  });

  it('asks one ping at a time: checks while it is unanswered wait on the same ping', async () => {
    let answer!: () => void;
    const ping = vi.fn(() => new Promise<void>((resolve) => (answer = resolve)));
    const first = liveness.check(ping);
    const second = liveness.check(ping);
    expect(ping).toHaveBeenCalledTimes(1);
    answer();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    const third = liveness.check(ping); // the first ping was answered: a new one
    expect(ping).toHaveBeenCalledTimes(2);
    answer();
    await expect(third).resolves.toBeUndefined();
  });

  it('passes on the error of a ping the database refused', async () => {
    const closed = Object.assign(new Error('the embedded database is closed'), { code: '57P01' });
    await expect(liveness.check(() => Promise.reject(closed))).rejects.toBe(closed);
  });
});
