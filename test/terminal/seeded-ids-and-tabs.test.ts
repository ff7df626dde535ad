import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { createTerminal, isTillpointsError, type LeaderElection, type TabChannel, type TabMessage, type Terminal, type TerminalOptions } from '../../src/index.js';
import { Prng } from '../../sim/prng.js';

// No ledger is needed here: every request fails at once (the till works offline).
const unreachable: typeof fetch = () => Promise.reject(new TypeError('offline'));
const AT = Date.parse('2026-11-10T06:00:00.000Z');

// The simulator's seeded generator.
function seeded(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

const made: Terminal[] = [];
afterEach(async () => {
  for (const t of made.splice(0)) await t.close();
});

function till(options: Partial<TerminalOptions> = {}): Terminal {
  const t = createTerminal({
    ledgerUrl: 'http://ledger.invalid', terminalId: 'till-1', storeId: 'store-1', apiKey: 'tp_term_test-key',
    indexedDB: new IDBFactory(), IDBKeyRange, fetch: unreachable, autoSync: false, memberDeadlineMs: 50,
    leaderElection: 'lease', ...options,
  });
  made.push(t);
  return t;
}

// Every id a till makes in a short session: its incarnation, a new member's, and intents'.
async function session(t: Terminal): Promise<string[]> {
  await t.start();
  const enrolled = await t.enrol({ phone: '98765 11111', name: 'Ravi', consents: ['loyalty_terms'] });
  const accrued = await t.accrue({ memberId: enrolled.memberId, points: 12, bill: { billId: 'B1', amountPaise: 1200 } });
  const status = await t.status();
  return [status.incarnation.incarnationId!, enrolled.memberId, enrolled.intentId!, accrued.intentId];
}

describe('ids made from an injected clock and randomness', () => {
  it('are the same for two terminals given the same now and random', async () => {
    let tick = AT;
    let tock = AT;
    const first = await session(till({ now: () => tick++, random: seeded(42) }));
    const second = await session(till({ now: () => tock++, random: seeded(42) }));
    expect(second).toEqual(first);
    expect(first[1]).toMatch(/^m-[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(new Set(first).size).toBe(first.length);
  });

  it('differ with another seed, and come from the platform when no random is given', async () => {
    const a = await session(till({ now: () => AT, random: seeded(1) }));
    const b = await session(till({ now: () => AT, random: seeded(2) }));
    const c = await session(till({ now: () => AT }));
    const d = await session(till({ now: () => AT }));
    expect(b).not.toEqual(a);
    expect(d).not.toEqual(c);
  });
});

describe('an injected leader election and tab channel', () => {
  it('runs no round when the election says another tab leads, and tells the channel of new intents', async () => {
    const asked: string[] = [];
    const election: LeaderElection = {
      tryLead: async () => (asked.push('tryLead'), false),
      release: async () => void asked.push('release'),
    };
    const posted: TabMessage[] = [];
    const channel: TabChannel = { post: (m) => void posted.push(m), listen: () => {}, close: () => void asked.push('close') };
    const t = till({ leaderElection: election, tabChannel: channel });
    await t.start();
    expect(await t.sync()).toMatchObject({ leader: false, pushed: 0 });
    await t.enrol({ phone: '98765 22222', consents: ['loyalty_terms'] });
    expect(posted).toContainEqual({ type: 'intent' });
    await t.close();
    expect(asked).toEqual(['tryLead', 'release', 'close']);
  });

  it('refuses an election or a channel without their methods (invalid_options)', () => {
    expect(() => till({ leaderElection: {} as LeaderElection })).toThrow(expect.toSatisfy((e) => isTillpointsError(e, 'invalid_options')));
    expect(() => till({ tabChannel: { post: () => {} } as unknown as TabChannel })).toThrow(expect.toSatisfy((e) => isTillpointsError(e, 'invalid_options')));
  });
});
