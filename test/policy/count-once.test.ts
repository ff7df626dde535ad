import { describe, expect, it } from 'vitest';
import { countOnce, ownHeldToAddBack, type CountOnceInput, type CountOnceReason } from '../../src/policy/count-once.js';

const HELD = { confirmed: 100, held: 0, version: 5 };
const NEWER = { points: 130, held: 10, version: 7 };

describe('countOnce: each intent counted once, in the confirmed part or as pending', () => {
  const cases: { name: string; input: CountOnceInput; confirmed: number; version: number; reason: CountOnceReason; rulesMayMove: boolean }[] = [
    { name: 'takes a newer balance when nothing sent is unanswered', input: { held: HELD, offered: NEWER, unansweredSent: false }, confirmed: 130, version: 7, reason: 'taken', rulesMayMove: true },
    { name: 'keeps its own when the balance is the same version', input: { held: HELD, offered: { ...NEWER, version: 5 }, unansweredSent: false }, confirmed: 100, version: 5, reason: 'not-newer', rulesMayMove: true },
    { name: 'keeps its own when the balance is older (never goes back)', input: { held: HELD, offered: { ...NEWER, version: 4 }, unansweredSent: false }, confirmed: 100, version: 5, reason: 'not-newer', rulesMayMove: true },
    { name: 'keeps its own when an intent sent is unanswered (the balance may already hold it: a lost answer)', input: { held: HELD, offered: NEWER, unansweredSent: true }, confirmed: 100, version: 5, reason: 'unanswered-sent', rulesMayMove: false },
    { name: 'keeps its own without a balance', input: { held: HELD, unansweredSent: false }, confirmed: 100, version: 5, reason: 'no-offer', rulesMayMove: true },
    { name: 'takes a first balance of a member the ledger had said nothing of', input: { held: { confirmed: 0, held: 0, version: -1 }, offered: { points: 0, held: 0, version: 0 }, unansweredSent: false }, confirmed: 0, version: 0, reason: 'taken', rulesMayMove: true },
    { name: 'an applied answer adds nothing itself: the balance with it carries its points', input: { held: HELD, offered: NEWER, unansweredSent: false, applied: [{ credit: 30, debit: 0, late: false }] }, confirmed: 130, version: 7, reason: 'taken', rulesMayMove: true },
    { name: 'a late answer (duplicate) adds nothing either, though a pull already brought its points in', input: { held: { confirmed: 130, held: 0, version: 7 }, offered: { points: 130, held: 0, version: 7 }, unansweredSent: false, applied: [{ credit: 30, debit: 0, late: true }] }, confirmed: 130, version: 7, reason: 'not-newer', rulesMayMove: true },
    { name: 'a late answer without a balance adds nothing', input: { held: HELD, unansweredSent: false, applied: [{ credit: 0, debit: 20, late: true }] }, confirmed: 100, version: 5, reason: 'no-offer', rulesMayMove: true },
    { name: 'a late answer while another intent is unanswered keeps the till\'s own', input: { held: HELD, offered: NEWER, unansweredSent: true, applied: [{ credit: 30, debit: 0, late: true }] }, confirmed: 100, version: 5, reason: 'unanswered-sent', rulesMayMove: false },
  ];

  it.each(cases)('$name', ({ input, confirmed, version, reason, rulesMayMove }) => {
    const decision = countOnce(input, undefined);
    expect(decision).toMatchObject({ confirmed: { confirmed, version }, reason, took: reason === 'taken', rulesMayMove });
  });

  it('takes the held points with the balance', () => {
    expect(countOnce({ held: HELD, offered: NEWER, unansweredSent: false }, undefined).confirmed).toEqual({ confirmed: 130, held: 10, version: 7 });
  });

  describe('with the planted settle-twice bug (a test hook)', () => {
    it.each(cases)('$name: differs only for a late answer that moved points', ({ input }) => {
      const clean = countOnce(input, undefined);
      const planted = countOnce(input, 'settle-twice');
      const late = (input.applied ?? []).filter((a) => a.late).reduce((s, a) => s + a.credit - a.debit, 0);
      expect(planted.confirmed.confirmed - clean.confirmed.confirmed).toBe(late);
      expect({ ...planted, confirmed: { ...planted.confirmed, confirmed: 0 } }).toEqual({ ...clean, confirmed: { ...clean.confirmed, confirmed: 0 } });
    });
  });
});

describe('ownHeldToAddBack: a till\'s own hold counts once the snapshot holds it', () => {
  it.each([
    { name: 'adds back a hold the snapshot includes', own: [{ remaining: 40, placedAtVersion: 5 }], snapshot: { held: 40, version: 5 }, back: 40 },
    { name: 'adds nothing back for a hold placed after the snapshot', own: [{ remaining: 40, placedAtVersion: 6 }], snapshot: { held: 0, version: 5 }, back: 0 },
    { name: 'never adds back more than the snapshot holds', own: [{ remaining: 40, placedAtVersion: 3 }, { remaining: 30, placedAtVersion: 4 }], snapshot: { held: 50, version: 5 }, back: 50 },
    { name: 'adds nothing without holds', own: [], snapshot: { held: 20, version: 5 }, back: 0 },
  ])('$name', ({ own, snapshot, back }) => {
    expect(ownHeldToAddBack(own, snapshot)).toBe(back);
  });
});
