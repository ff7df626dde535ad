import { applyFault } from './faults.js';
import { heal } from './heal.js';
import { checkInvariants, type ExposureRecord, type Violation } from './invariants.js';
import { startOperation } from './operations.js';
import { Prng } from './prng.js';
import type { Fault, Operation, Schedule, ScheduledEvent } from './schedule.js';
import { describeEvent } from './schedule.js';
import { Scheduler, settle } from './scheduler.js';
import { setUpWorld } from './setup.js';
import { Trace } from './trace.js';
import { SimWorld } from './world.js';
import { openLedgerPort } from './world-ports.js';

/** The virtual clock starts here every run. */
export const SIM_START = Date.parse('2026-03-02T04:30:00.000Z');

const FAULT_KINDS = new Set(['partition', 'message', 'flaky', 'kill', 'freeze', 'wipe', 'crash-ledger', 'skew']);

/** What one run did and found. */
export interface RunResult {
  readonly seed: number;
  readonly schedule: Schedule;
  readonly trace: string;
  readonly violation: Violation | undefined;
  readonly exposure: ExposureRecord | undefined;
  readonly stats: { readonly events: number; readonly faults: number; readonly accepted: number; readonly healRounds: number; readonly realMs: number; readonly phasesMs: number[] };
}

/** Options of a run. */
export interface RunOptions {
  /** Receives each trace line as it is written (`--verbose`). */
  readonly echo?: (line: string) => void;
}

function isFault(what: Operation | Fault): what is Fault {
  return FAULT_KINDS.has(what.kind);
}

/** Runs one schedule against the real SDK and ledger: warm-up, the events, heal, invariants. */
export async function runSchedule(schedule: Schedule, options: RunOptions = {}): Promise<RunResult> {
  const began = performance.now();
  const scheduler = new Scheduler(SIM_START);
  const trace = new Trace(() => scheduler.now, SIM_START, options.echo);
  const random = new Prng(schedule.seed);
  const port = await openLedgerPort(() => scheduler.now, ((r) => () => r.next())(random.fork('ledger')));
  const world = new SimWorld({ scheduler, trace, random, port, schedule });
  let violation: Violation | undefined;
  let exposure: ExposureRecord | undefined;
  let healRounds = 0;
  const phases = [began];
  try {
    await setUpWorld(world);
    phases.push(performance.now());
    const base = scheduler.now;
    for (const event of schedule.events) {
      scheduler.at(base + event.at, describeEvent(event), () => runEvent(world, event));
    }
    const end = base + (schedule.events.at(-1)?.at ?? 0);
    await scheduler.run(end, 50_000);
    phases.push(performance.now());
    const healed = await heal(world);
    phases.push(performance.now());
    healRounds = healed.rounds;
    const verdict = await checkInvariants(world, healed);
    violation = verdict.violation;
    exposure = verdict.exposure;
  } catch (error) {
    violation = { invariant: 'the simulator runs to the end', detail: String((error as Error)?.stack ?? error) };
  } finally {
    for (const till of world.tills) for (const tab of till.tabs) tab.kill();
    for (const till of world.tills) for (const tab of till.tabs) void tab.terminal.close().catch(() => {});
    await settle(4);
  }
  if (violation) trace.line(`VIOLATION ${violation.invariant}: ${violation.detail}`);
  return {
    seed: schedule.seed, schedule, trace: trace.text(), violation, exposure,
    stats: {
      events: schedule.events.length,
      faults: schedule.events.filter((e) => isFault(e.what)).length,
      accepted: world.accepted.length,
      healRounds,
      realMs: Math.round(performance.now() - began),
      phasesMs: [...phases, performance.now()].slice(1).map((t, i) => Math.round(t - phases[i]!)),
    },
  };
}

async function runEvent(world: SimWorld, event: ScheduledEvent): Promise<void> {
  world.trace.line(describeEvent(event));
  const what = event.what;
  if (isFault(what)) await applyFault(world, { ...event, what });
  else startOperation(world, { ...event, what });
}
