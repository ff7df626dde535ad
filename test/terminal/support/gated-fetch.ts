/** A one-shot latch: `arrived` once a request reached it, and it waits until `open()`. */
export class Gate {
  #reached!: () => void;
  #open!: () => void;
  /** Resolves when a request reached the gate. */
  readonly arrived = new Promise<void>((resolve) => (this.#reached = resolve));
  readonly #opened = new Promise<void>((resolve) => (this.#open = resolve));
  open(): void {
    this.#open();
  }
  async pass(): Promise<void> {
    this.#reached();
    await this.#opened;
  }
}

/**
 * Where a held request waits: before it reaches the ledger (`request`), after the ledger
 * answered (`answer`: applied there, not yet known here), or `lose`: the ledger applies it
 * and the answer is lost (a network failure), once the gate opens.
 */
export type GateStage = 'request' | 'answer' | 'lose';

/**
 * A `fetch` for a terminal that holds chosen requests to the real ledger at an explicit gate,
 * so a test orders a push, a pull or a ruleset fetch by events, never by sleeps. Records every
 * request's path and JSON body.
 */
export function gatedFetch() {
  const rules: { path: string; stage: GateStage; gate: Gate; used: boolean }[] = [];
  const sent: { path: string; body: any }[] = [];
  const f: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    const text = request.method === 'GET' ? '' : await request.clone().text();
    sent.push({ path, body: text ? JSON.parse(text) : undefined });
    const rule = rules.find((r) => r.path === path && !r.used);
    if (rule) rule.used = true;
    if (rule?.stage === 'request') await rule.gate.pass();
    const response = await fetch(request);
    if (rule?.stage === 'answer') await rule.gate.pass();
    if (rule?.stage === 'lose') {
      await response.arrayBuffer();
      await rule.gate.pass();
      throw new TypeError('fetch failed (the answer was lost)');
    }
    return response;
  };
  return {
    fetch: f,
    sent,
    /** Holds the next request to `path` at `stage`. */
    hold(path: string, stage: GateStage): Gate {
      const gate = new Gate();
      rules.push({ path, stage, gate, used: false });
      return gate;
    },
    /** The bodies of the pushes sent so far. */
    pushes(): { intents: { intentId: string; seq: number }[] }[] {
      return sent.filter((s) => s.path === '/v1/push').map((s) => s.body);
    },
  };
}
