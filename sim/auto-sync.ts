import type { SimTab } from './world.js';
import type { Trace } from './trace.js';

/**
 * Stands in for the SDK's own sync loop until its timers run on the virtual clock (see
 * `SEAMS.terminalTimers`): on the tab's virtual timers, a round every `intervalMs` and one
 * shortly after each intent the tab stores (as the SDK's nudge does). A frozen tab's rounds
 * wait, a dead tab's never run (they are its timers).
 */
export class AutoSync {
  readonly #tab: SimTab;
  readonly #trace: Trace;
  readonly #intervalMs: number;
  #timer: unknown;
  #running = false;

  constructor(tab: SimTab, trace: Trace, intervalMs: number) {
    this.#tab = tab;
    this.#trace = trace;
    this.#intervalMs = intervalMs;
    this.#arm(intervalMs);
  }

  /** A round soon (an intent was stored). */
  nudge(): void {
    if (!this.#running) this.#arm(50);
  }

  #arm(ms: number): void {
    this.#tab.timers.clearTimeout(this.#timer);
    this.#timer = this.#tab.timers.setTimeout(() => void this.#round(), ms);
  }

  async #round(): Promise<void> {
    this.#running = true;
    try {
      await this.#tab.ready;
      const r = await this.#tab.terminal.sync();
      if (r.leader && r.pushed + r.pulled > 0) this.#trace.line(`auto ${this.#tab.name} pushed=${r.pushed} confirmed=${r.confirmed} rejected=${r.rejected} pulled=${r.pulled}`);
    } catch (error) {
      this.#trace.line(`auto ${this.#tab.name} failed: ${(error as { code?: string }).code ?? (error as Error).message}`);
    } finally {
      this.#running = false;
      if (!this.#tab.isDead()) this.#arm(this.#intervalMs);
    }
  }
}
