/**
 * The demo's plumbing (examples/demo.ts tells the story): the timeline, an admin client for
 * the ledger, and a till (the terminal SDK behind its own network switch) that prints what
 * it does and what the ledger answers: bills at the counter with the points they earn, the
 * tier and every point explained; settled intents, conflicts, adjustments and new rulesets.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTerminal, type Balance, type CheckoutReceipt, type EarnAdjustmentEvent, type IntentEvent, type Terminal } from '../src/index.js';
import type { EarnLine, RuleBillLine } from '../src/rules/index.js';
import { startNetworkSwitch, type NetworkSwitch } from './network-switch.js';

// ── The timeline ──
const t0 = performance.now();
export const say = (line: string) => console.log(`[${(performance.now() - t0).toFixed(0).padStart(5)} ms] ${line}`);
export const heading = (title: string) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 76 - title.length))}`);
export const ms = (since: number) => `${(performance.now() - since).toFixed(1)} ms`;
export const rupees = (paise: number) => `₹${(paise / 100).toLocaleString('en-IN', { minimumFractionDigits: 2 })}`;
export const show = (b: Balance) => {
  const pending = `${b.pendingAccrual ? ` +${b.pendingAccrual}` : ''}${b.pendingRedemption ? ` −${b.pendingRedemption}` : ''}`;
  return `${b.provisional} points (${b.confirmed} confirmed${pending ? `${pending} pending` : ''})`;
};
const indent = ' '.repeat(11); // under the timeline's "[  123 ms] "

/**
 * Every point of a bill in one line: each rule that fired, summed over the bill's lines (rates,
 * then the tier, promotions and bonuses), then what earned nothing and why.
 */
export function explain(lines: readonly EarnLine[]): string {
  const fired = new Map<string, { label: string; points: number }>();
  const nothing = new Set<string>();
  for (const entry of lines.flatMap((l) => l.rules)) {
    const [kind, ...rest] = entry.ruleId.split(':');
    if (kind === 'excluded') nothing.add(`${rest.at(-1)} excluded`);
    else if (entry.points === 0) nothing.add(entry.reason); // below the minimum bill
    else {
      const label =
        kind === 'rate'
          ? `${rest[0] === 'base' ? 'base' : rest.at(-1)} ${entry.reason.replace(/^.*: /, '').replace(/ on ₹.*$/, '').replace(' per ', '/')}`
          : kind === 'tier'
            ? entry.reason.replace(/ on .*$/, '') // "Gold ×1.25"
            : entry.reason.replace(/,? (on the bill|shared by line value).*$/, ''); // promotions and bonuses
      const f = fired.get(entry.ruleId) ?? { label, points: 0 };
      fired.set(entry.ruleId, { ...f, points: f.points + entry.points });
    }
  }
  const rank = (ruleId: string) => ['rate', 'tier', 'promotion', ruleId.split(':')[0]].indexOf(ruleId.split(':')[0]); // bonuses last
  const parts = [...fired].sort(([a], [b]) => rank(a) - rank(b)).map(([, f]) => `${f.label} +${f.points}`);
  return [parts.join(', ') || 'no points', ...nothing].join('; ');
}

// ── The ledger's admin API ──
export type Admin = <T>(path: string, body?: unknown) => Promise<T>;
export function adminClient(ledgerUrl: string, adminKey: string): Admin {
  return async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(ledgerUrl + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
}

// ── Intents: when and what, for the timeline, and their outcome as a promise ──
const made = new Map<string, { at: number; what: string }>();
const settled = new Map<string, { promise: Promise<IntentEvent>; resolve: (e: IntentEvent) => void }>();
function settlement(intentId: string) {
  let entry = settled.get(intentId);
  if (!entry) {
    let resolve!: (e: IntentEvent) => void;
    entry = { promise: new Promise<IntentEvent>((r) => (resolve = r)), resolve };
    settled.set(intentId, entry);
  }
  return entry;
}
/** Resolves when the ledger settles the intent. */
export const outcome = (intentId: string): Promise<IntentEvent> => settlement(intentId).promise;

export interface Till {
  readonly name: string;
  readonly terminal: Terminal;
  readonly net: NetworkSwitch;
  /** Every `adjustment` event the till emitted. */
  readonly adjustments: EarnAdjustmentEvent[];
  /** Resolves once the till earns with ruleset `version` or a newer one. */
  rulesetAtLeast(version: number): Promise<void>;
}

export async function openTill(admin: Admin, ledgerUrl: string, name: string, terminalId: string, storeId: string): Promise<Till> {
  const { apiKey } = await admin<{ apiKey: string }>('/v1/admin/terminals', { protocol: 'v1', terminalId, storeId });
  const net = await startNetworkSwitch(ledgerUrl);
  const terminal = createTerminal({
    ledgerUrl: net.url, terminalId, storeId, apiKey, indexedDB: new IDBFactory(), IDBKeyRange,
    autoSync: true, pullIntervalMs: 500, retry: { baseMs: 200, maxMs: 1000 }, connectivity: net,
  });
  const adjustments: EarnAdjustmentEvent[] = [];
  terminal.on('intent', (e) => {
    if (e.status === 'pending') return;
    const m = made.get(e.intentId);
    const verdict = e.status === 'confirmed' ? 'confirmed' : `REFUSED (${e.reason})`;
    const adjusted = adjustments.find((a) => a.intentId === e.intentId);
    const applied = adjusted ? ` with ${adjusted.ledgerPoints} points` : '';
    say(`  ${name}: the ledger ${verdict} ${m?.what}${applied}, ${m ? ms(m.at) : '?'} after the till took it`);
    settlement(e.intentId).resolve(e);
  });
  terminal.on('conflict', (c) => {
    say(`  ${name}: CONFLICT ${c.kind} of ${c.points} points for ${c.memberId}: ${c.message}`);
    say(`  ${name}: tell the cashier: "${c.action}"`);
  });
  terminal.on('adjustment', (a) => {
    adjustments.push(a);
    const [till, ledger] = [`${a.tillPoints} (ruleset v${a.tillRulesetVersion})`, `${a.ledgerPoints} (ruleset v${a.rulesetVersion})`];
    say(`  ${name}: ADJUSTMENT of ${made.get(a.intentId)?.what}: the till showed ${till}, the ledger applied ${ledger}`);
    say(`  ${name}: why: ${a.reason}`);
  });
  terminal.on('allowance', (a) => say(`  ${name}: the ledger holds ${a.remaining} of ${a.memberId}'s points for this till: they can be spent here offline`));
  terminal.on('ruleset', (r) => say(`  ${name}: earns with ruleset v${r.version} from now on (in force since ${r.effectiveFrom})`));
  await terminal.start();
  const rulesetAtLeast = (version: number) =>
    new Promise<void>((resolve) => {
      const off = terminal.on('ruleset', (r) => r.version >= version && (off(), resolve()));
      if ((terminal.rulesetVersion ?? 0) >= version) (off(), resolve());
    });
  return { name, terminal, net, adjustments, rulesetAtLeast };
}

/** A bill at the counter: `checkout`, then what the cashier sees. */
export async function checkout(till: Till, memberId: string, billId: string, lines: RuleBillLine[], redeemPoints?: number): Promise<CheckoutReceipt> {
  const at = performance.now();
  const r = await till.terminal.checkout({ memberId, bill: { billId, lines }, ...(redeemPoints ? { redeemPoints } : {}) });
  const took = ms(at);
  made.set(r.accrual.intentId, { at, what: `bill ${billId} (+${r.accrual.points} ${memberId})` });
  if (r.redemption) made.set(r.redemption.intentId, { at, what: `redemption on ${billId} (−${r.redemption.points} ${memberId})` });
  const total = rupees(lines.reduce((sum, l) => sum + l.amountPaise, 0));
  const spent = r.redemption ? `, redeems ${r.redemption.points}` : '';
  const earns = `${memberId} earns ${r.accrual.points} (provisional, v${r.rulesetVersion})${spent}`;
  say(`${till.name}: bill ${billId}, ${lines.length} lines, ${total}: ${earns} -> ${show(r.balance)} in ${took}`);
  console.log(`${indent}tier: ${r.tier.summary}`);
  console.log(`${indent}why:  ${explain(r.lines)}`);
  return r;
}

export async function queue(till: Till): Promise<void> {
  const s = await till.terminal.status();
  say(`${till.name}: status: online ${s.online}, ${s.queueDepth} intent(s) queued, oldest ${s.oldestPendingAgeMs} ms, ${s.conflicts} conflict(s)`);
}

/** Resolves once the till shows `points` confirmed for the member (already, or on a later pull). */
export function sees(till: Till, memberId: string, points: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const off = till.terminal.on('balance', (b) => b.memberId === memberId && b.confirmed === points && (off(), resolve()));
    void till.terminal.getBalance(memberId).then((b) => b.known && b.confirmed === points && (off(), resolve()), () => {});
  });
}
