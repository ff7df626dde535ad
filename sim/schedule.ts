import type { RedemptionPolicyV1 } from '../src/protocol/index.js';
import { MESSAGE_FAULTS, type MessageFault } from './network.js';
import { Prng } from './prng.js';

/** A till of the world: its store, how many tabs share its storage, its clock's skew. */
export interface TillSpec {
  readonly terminalId: string;
  readonly storeId: string;
  readonly tabs: 1 | 2;
  readonly skewMs: number;
}

/** A member known to the ledger before the run. */
export interface MemberSpec {
  readonly memberId: string;
  readonly phone: string;
  readonly openingPoints: number;
}

/** The world a seed builds: stores and tills, members, the redemption policy. */
export interface WorldSpec {
  readonly stores: readonly string[];
  readonly tills: readonly TillSpec[];
  readonly members: readonly MemberSpec[];
  readonly policy: RedemptionPolicyV1;
}

/** Something a cashier, the app or head office does. Indexes pick a till/member at run time. */
export type Operation =
  | { readonly kind: 'bill'; readonly till: number; readonly member: number; readonly rupees: readonly number[]; readonly withLines: boolean; readonly redeem: number }
  | { readonly kind: 'redeem'; readonly till: number; readonly member: number; readonly points: number; readonly via: 'redeem' | 'hold-checkout' | 'hold-release' }
  | { readonly kind: 'return'; readonly till: number; readonly pick: number; readonly firstLineOnly: boolean }
  | { readonly kind: 'enrol'; readonly till: number; readonly phone: number }
  | { readonly kind: 'app-spend'; readonly member: number; readonly points: number }
  | { readonly kind: 'ruleset'; readonly pointsPer100: number }
  | { readonly kind: 'sync'; readonly till: number }
  | { readonly kind: 'adjust'; readonly till: number; readonly member: number; readonly points: number }
  | { readonly kind: 'prefetch'; readonly till: number; readonly frequent: number }
  | { readonly kind: 'sweep' };

/** Something that goes wrong. */
export type Fault =
  | { readonly kind: 'partition'; readonly store: number; readonly ms: number }
  | { readonly kind: 'message'; readonly till: number; readonly fault: MessageFault }
  | { readonly kind: 'flaky'; readonly store: number; readonly fault: MessageFault; readonly ms: number }
  | { readonly kind: 'kill'; readonly till: number; readonly tab: number; readonly ms: number }
  | { readonly kind: 'freeze'; readonly till: number; readonly tab: number; readonly ms: number }
  | { readonly kind: 'wipe'; readonly till: number }
  | { readonly kind: 'crash-ledger' }
  | { readonly kind: 'skew'; readonly till: number; readonly ms: number };

/** One entry of the schedule: what happens, `at` ms after the run starts. */
export interface ScheduledEvent {
  readonly id: number;
  readonly at: number;
  readonly what: Operation | Fault;
}

/** A run's whole plan: the world and the events, all drawn from the seed. */
export interface Schedule {
  readonly seed: number;
  readonly world: WorldSpec;
  readonly events: readonly ScheduledEvent[];
}

/** Knobs of the drawing (the CLI's `--tills`, `--steps`). */
export interface ScheduleOptions {
  /** Most tills in the world. @default 4 */
  readonly maxTills?: number;
  /** Events after the warm-up. @default 60 */
  readonly steps?: number;
}

const OPERATIONS = { bill: 30, redeem: 16, return: 8, enrol: 5, 'app-spend': 4, ruleset: 1, sync: 22, sweep: 2, adjust: 3, prefetch: 2 } as const;
const FAULTS = { partition: 6, message: 10, flaky: 5, kill: 2, freeze: 2, wipe: 1, 'crash-ledger': 1, skew: 1 } as const;

function drawWorld(r: Prng, maxTills: number): WorldSpec {
  const storeCount = r.int(1, 3);
  const stores = Array.from({ length: storeCount }, (_, i) => `store-${i}`);
  const tills: TillSpec[] = [];
  for (const storeId of stores) {
    const count = r.int(1, 3);
    for (let i = 0; i < count && tills.length < maxTills; i++) {
      tills.push({ terminalId: `${storeId}-till-${i}`, storeId, tabs: r.chance(0.3) ? 2 : 1, skewMs: r.chance(0.2) ? r.int(-90_000, 90_000) : 0 });
    }
  }
  const members = Array.from({ length: r.int(2, 5) }, (_, i) => ({
    memberId: `member-${i}`,
    phone: `98765${String(43210 + i).padStart(5, '0')}`,
    openingPoints: r.int(0, 6) * 300,
  }));
  const offline = r.pick(['deny', 'allowance', 'limit'] as const);
  const policy: RedemptionPolicyV1 =
    offline === 'deny' ? { offline }
    : offline === 'allowance' ? { offline, allowancePoints: r.int(1, 8) * 100 }
    : { offline, limitPerRedemption: r.int(1, 5) * 100, limitPerMember: r.int(2, 10) * 100, limitPerTill: r.int(3, 20) * 100, shortfall: r.pick(['member_debt', 'store_risk'] as const) };
  return { stores, tills, members, policy };
}

function drawOperation(r: Prng, kind: keyof typeof OPERATIONS): Operation {
  const till = r.int(0, 1000);
  const member = r.int(0, 1000);
  switch (kind) {
    case 'bill':
      return { kind, till, member, rupees: Array.from({ length: r.int(1, 3) }, () => r.int(1, 40) * 50), withLines: r.chance(0.6), redeem: r.chance(0.25) ? r.int(1, 6) * 50 : 0 };
    case 'redeem':
      return { kind, till, member, points: r.int(1, 8) * 50, via: r.pick(['redeem', 'redeem', 'hold-checkout', 'hold-release'] as const) };
    case 'return':
      return { kind, till, pick: r.int(0, 1000), firstLineOnly: r.chance(0.4) };
    case 'enrol':
      return { kind, till, phone: r.int(0, 7) };
    case 'app-spend':
      return { kind, member, points: r.int(1, 6) * 50 };
    case 'ruleset':
      return { kind, pointsPer100: r.int(1, 3) };
    case 'sync':
      return { kind, till };
    case 'adjust':
      return { kind, till, member, points: (r.chance(0.5) ? 1 : -1) * r.int(1, 6) * 25 };
    case 'prefetch':
      return { kind, till, frequent: r.int(1, 5) };
    case 'sweep':
      return { kind };
  }
}

function drawFault(r: Prng, kind: keyof typeof FAULTS): Fault {
  const till = r.int(0, 1000);
  switch (kind) {
    case 'partition':
      return { kind, store: r.int(0, 1000), ms: r.int(1_000, 60_000) };
    case 'message':
      return { kind, till, fault: r.pick(MESSAGE_FAULTS) };
    case 'flaky':
      return { kind, store: r.int(0, 1000), fault: r.pick(MESSAGE_FAULTS), ms: r.int(5_000, 60_000) };
    case 'kill':
      return { kind, till, tab: r.int(0, 1), ms: r.int(1_000, 30_000) };
    case 'freeze':
      return { kind, till, tab: r.int(0, 1), ms: r.int(1_000, 30_000) };
    case 'wipe':
      return { kind, till };
    case 'crash-ledger':
      return { kind };
    case 'skew':
      return { kind, till, ms: r.int(-120_000, 120_000) };
  }
}

/** Draws the world and its events from `seed`: the same seed, the same schedule. */
export function drawSchedule(seed: number, options: ScheduleOptions = {}): Schedule {
  const root = new Prng(seed);
  const world = drawWorld(root.fork('world'), options.maxTills ?? 4);
  const ops = root.fork('operations');
  const faults = root.fork('faults');
  const timing = root.fork('timing');
  const events: ScheduledEvent[] = [];
  let at = 0;
  const steps = options.steps ?? 60;
  for (let id = 0; id < steps; id++) {
    // Now and then a quiet spell: holds expire, balances go stale, leases of dead tabs lapse.
    at += timing.chance(0.03) ? timing.int(300_000, 1_200_000) : timing.int(50, 4_000);
    const isFault = faults.chance(0.3);
    const what = isFault ? drawFault(faults, faults.weighted(FAULTS)) : drawOperation(ops, ops.weighted(OPERATIONS));
    events.push({ id, at, what });
  }
  return { seed, world, events };
}

/** One event as a line of the trace. */
export function describeEvent(e: ScheduledEvent): string {
  const { kind, ...rest } = e.what;
  const args = Object.entries(rest).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(' ');
  return `e${e.id} ${kind}${args ? ' ' + args : ''}`;
}
