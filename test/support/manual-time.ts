import type { WebhookTimers } from '../../src/ledger/index.js';

/**
 * A clock and timers a test moves by hand: `advance` moves the clock and runs every timer due
 * by then, in time order; nothing runs on its own, so backoff and timeouts take no real time.
 */
export function manualTime(startMs = Date.now()) {
  let now = startMs;
  let nextId = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: WebhookTimers = {
    setTimeout(run, ms) {
      const id = nextId++;
      due.set(id, { at: now + Math.max(0, ms), run });
      return id;
    },
    clearTimeout(handle) {
      due.delete(handle as number);
    },
  };
  const runDue = () => {
    for (;;) {
      const next = [...due].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) return;
      due.delete(next[0]);
      next[1].run();
    }
  };
  return {
    now: () => new Date(now),
    timers,
    /** Moves the clock `ms` on and runs the timers due. */
    advance(ms: number) {
      now += ms;
      runDue();
    },
    /** Moves the clock to the earliest timer and runs it (and any due with it); false when none is set. */
    advanceToNextTimer(): boolean {
      const at = Math.min(...[...due.values()].map((t) => t.at));
      if (!Number.isFinite(at)) return false;
      now = Math.max(now, at);
      runDue();
      return true;
    },
    /** How many timers are set. */
    get pending() {
      return due.size;
    },
  };
}
