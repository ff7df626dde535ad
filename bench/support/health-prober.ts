/**
 * A health probe in a process of its own, as a load balancer would be: it does nothing but
 * time `GET /v1/health` every `everyMs`, so its figures are the ledger's (and the machine's),
 * not those of a busy load generator's event loop. Started with `fork` and tsx's loader.
 *
 * Messages: on `{ type: 'start', url, everyMs }` it starts probing; on `{ type: 'stop' }` it
 * finishes the probe in flight and sends `{ samples, failures }` since the start (each sample
 * the ms from sending the request to reading the whole answer; a failure is an answer not
 * 200, or a dropped connection, timed too); it can then be started again. It exits on
 * `{ type: 'exit' }`.
 */
import { performance } from 'node:perf_hooks';

/** What the prober sends back when stopped. */
export interface ProberReport {
  readonly samples: number[];
  readonly failures: number;
}

let samples: number[] = [];
let failures = 0;
let probing: Promise<void> | undefined;
let running = false;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function probe(url: string, everyMs: number): Promise<void> {
  while (running) {
    const started = performance.now();
    const ok = await fetch(`${url}/v1/health`).then(
      async (res) => (await res.text(), res.status === 200),
      () => false,
    );
    samples.push(performance.now() - started);
    if (!ok) failures++;
    await sleep(Math.max(0, everyMs - (performance.now() - started)));
  }
}

process.on('message', (message: { type: 'start'; url: string; everyMs: number } | { type: 'stop' } | { type: 'exit' }) => {
  if (message.type === 'start') {
    samples = [];
    failures = 0;
    running = true;
    probing = probe(message.url, message.everyMs);
  } else if (message.type === 'stop') {
    running = false;
    void (probing ?? Promise.resolve()).then(() => {
      const report: ProberReport = { samples, failures };
      process.send!(report);
    });
  } else process.exit(0);
});
process.send!({ ready: true });
