import type { TestLedger } from '../../support/ledger-fixture.js';
import type { Endpoint } from './endpoint-table.js';
import { plainSnapshot, type LedgerSnapshot } from './ledger-snapshot.js';
import type { WireReply } from './send-request.js';

interface Result {
  readonly intentId: string;
  readonly outcome: 'applied' | 'rejected' | 'duplicate';
  readonly balance?: { memberId: string; points: number; version: number };
}

function differs(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

// After a push (or adjustments) answered 200: only the members of applied intents moved, to
// the balance the last of their results says; new journal entries belong to applied intents.
async function problemsAfterIntents(t: TestLedger, before: LedgerSnapshot, after: LedgerSnapshot, results: readonly Result[]): Promise<string[]> {
  const problems: string[] = [];
  const applied = results.filter((r) => r.outcome === 'applied');
  const last = new Map(applied.map((r) => [r.balance!.memberId, r.balance!]));
  for (const [id, row] of before.members) {
    const now = after.members.get(id);
    const moved = last.get(id);
    if (moved) {
      if (now?.points !== moved.points || now.version !== moved.version) {
        problems.push(`member ${id} is at ${now?.points} v${now?.version}, but its last applied result says ${moved.points} v${moved.version}`);
      }
    } else if (now?.points !== row.points || now.version !== row.version || now.held !== row.held) {
      problems.push(`member ${id} moved from ${row.points} v${row.version} to ${now?.points} v${now?.version} with no intent applied to it`);
    }
  }
  // A push adds members only by enrolments it applied (members enrolled at the till), each
  // at the balance its last applied result says.
  const appliedIds = new Set(applied.map((r) => r.intentId));
  const added = [...after.members.keys()].filter((id) => !before.members.has(id));
  if (after.members.size !== before.members.size + added.length) problems.push('members were removed by a push');
  for (const id of added) {
    const rows = await t.ledger.database.query(`SELECT enrolled_by_intent FROM members WHERE member_id = $1`, [id]);
    const by = rows[0]?.enrolled_by_intent as string | null | undefined;
    if (!by || !appliedIds.has(by)) problems.push(`member ${id} was added by a push, not by an enrolment it applied`);
    const now = after.members.get(id)!;
    const moved = last.get(id);
    if (!moved || now.points !== moved.points || now.version !== moved.version) {
      problems.push(`new member ${id} is at ${now.points} v${now.version}, but its last applied result says ${moved?.points} v${moved?.version}`);
    }
  }
  if (after.terminals !== before.terminals || after.rulesets !== before.rulesets) problems.push('terminals or rulesets changed');
  const fresh = results.filter((r) => r.outcome !== 'duplicate').length;
  const addedIntents = after.counts.intents - before.counts.intents;
  if (addedIntents < applied.length || addedIntents > fresh) {
    problems.push(`${addedIntents} intents stored for ${applied.length} applied and ${fresh} new results`);
  }
  const entries = await t.ledger.database.query(`SELECT intent_id FROM journal WHERE entry_id > $1`, [before.lastJournalEntry]);
  for (const e of entries) {
    if (!appliedIds.has(String(e.intent_id))) problems.push(`journal entry for ${String(e.intent_id)}, which was not applied`);
  }
  if (entries.length !== after.counts.journal - before.counts.journal) problems.push('journal entries were removed');
  return problems;
}

/**
 * What is wrong with the ledger's state after a request, or nothing: the books balance; a
 * refusal (4xx) or a read changes nothing; a push changes only what its applied intents moved.
 */
export async function problemsWithState(
  t: TestLedger,
  endpoint: Endpoint | undefined,
  before: LedgerSnapshot,
  after: LedgerSnapshot,
  reply: WireReply,
  trial: WireReply,
): Promise<string[]> {
  const problems: string[] = [];
  if (trial.status !== 200 || trial.body.total !== 0 || trial.body.mismatchedMembers.length !== 0) {
    problems.push(`the trial balance is off: ${trial.status} ${JSON.stringify(trial.body).slice(0, 300)}`);
  }
  const refused = reply.status >= 400 || !endpoint || endpoint.writes === 'nothing';
  if (refused && differs(plainSnapshot(before), plainSnapshot(after))) {
    problems.push(`a ${reply.status} changed the ledger: ${JSON.stringify(plainSnapshot(before)).slice(0, 400)} -> ${JSON.stringify(plainSnapshot(after)).slice(0, 400)}`);
  } else if (!refused && endpoint.writes === 'intents') {
    problems.push(...(await problemsAfterIntents(t, before, after, reply.body.results)));
  }
  return problems;
}
