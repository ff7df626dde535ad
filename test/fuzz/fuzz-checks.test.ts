import { describe, expect, it } from 'vitest';
import type { TestLedger } from '../support/ledger-fixture.js';
import { problemsWithAnswer } from './support/check-answer.js';
import { problemsWithState } from './support/check-state.js';
import { ENDPOINTS } from './support/endpoint-table.js';
import type { LedgerSnapshot, MemberRow } from './support/ledger-snapshot.js';
import { mutate } from './support/mutate.js';

const push = ENDPOINTS.find((e) => e.name === 'push')!;
const row = (points: number, version: number): MemberRow => ({ points, held: 0, version, visits: 0, tier: 'base', card: null, phone: null });
const snapshot = (members: [string, MemberRow][], journal = 0): LedgerSnapshot => ({
  counts: { intents: journal, journal, members: members.length, terminals: 1 },
  rulesets: 0,
  promotions: '',
  lastJournalEntry: journal,
  members: new Map(members),
  terminals: 'T1/S1/true',
});
const balanced = { status: 200, contentType: 'application/json', body: { total: 0, mismatchedMembers: [] } };
const noJournal = { ledger: { database: { query: async () => [] } } } as unknown as TestLedger;

// The fuzz suite is only as good as its checks: each must flag what it exists to catch.
describe('the fuzz checks', () => {
  it('flag a 5xx and a refusal whose body is not an ErrorResponseV1', () => {
    expect(problemsWithAnswer(push, {}, { status: 500, contentType: '', body: {} })).toHaveLength(1);
    expect(problemsWithAnswer(push, {}, { status: 400, contentType: '', body: { error: { code: 'nope', message: '' } } })).toHaveLength(1);
    expect(problemsWithAnswer(push, {}, { status: 400, contentType: '', body: { error: { code: 'invalid_request', message: 'x' } } })).toEqual([]);
  });

  it('flag a refusal that moved a balance, and books that do not balance', async () => {
    const before = snapshot([['m1', row(10, 1)]]);
    const after = snapshot([['m1', row(11, 2)]]);
    const refused = { status: 400, contentType: '', body: { error: { code: 'invalid_request', message: '' } } };
    expect(await problemsWithState(noJournal, push, before, after, refused, balanced)).toHaveLength(1);
    expect(await problemsWithState(noJournal, push, before, before, refused, { ...balanced, body: { total: 5, mismatchedMembers: [] } })).toHaveLength(1);
  });

  it('flag a push that moved a member no applied intent names', async () => {
    const before = snapshot([['m1', row(10, 1)], ['m2', row(0, 0)]]);
    const after = snapshot([['m1', row(15, 2)], ['m2', row(7, 1)]], 1);
    const reply = {
      status: 200,
      contentType: '',
      body: { results: [{ intentId: 'A', outcome: 'applied', balance: { memberId: 'm1', points: 15, version: 2 } }, { intentId: 'B', outcome: 'rejected' }] },
    };
    const problems = await problemsWithState(noJournal, push, before, after, reply, balanced);
    expect(problems.some((p) => p.includes('m2'))).toBe(true);
    expect(problems.some((p) => p.includes('m1'))).toBe(false);
  });

  it('mutate a copy, replacing, adding or removing a field', () => {
    const value = { a: 1, b: { c: 'x' } };
    expect(mutate(value, { kind: 'replace', where: 1, hostile: 0, key: 'k' })).toEqual({ a: 1, b: null });
    expect(mutate(value, { kind: 'replace', where: 2, hostile: 0, key: 'k' })).toEqual({ a: 1, b: { c: null } });
    expect(mutate(value, { kind: 'remove', where: 0, hostile: 0, key: 'k' })).toEqual({ b: { c: 'x' } });
    expect(mutate(value, { kind: 'add', where: 0, hostile: 2, key: 'bonus' })).toEqual({ a: 1, b: { c: 'x' }, bonus: -1 });
    expect(value).toEqual({ a: 1, b: { c: 'x' } });
  });
});
