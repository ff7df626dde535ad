/**
 * A process whose last step is `await ledger.close()`, then one line on stdout: run by
 * ledger-close.test.ts as a child, which asserts the line is printed and the exit code is 0.
 *
 * It replays, in order and without timing, the race the terminal bench hit: a request handler
 * still running when the ledger closed (a till's push whose socket the close had cut) sent its
 * next query to the database's thread after the thread had closed PGlite, and the thread's
 * answer to it reached this thread after the answer to `close`. The thread's messages are held
 * and released by explicit events: the answer to `close` is held until the late request was
 * either refused here or answered by the thread; then `close`'s answer goes first, the late
 * answer right after it.
 *
 * Before the fix, close() then ended the thread and waited for it (`worker.terminate()`, which
 * keeps the process alive), but the late answer left no request waiting, so the thread was
 * unreferenced again: the process ended with close() never settled, and printed nothing.
 */
import { Worker } from 'node:worker_threads';
import { createLedger, type Ledger } from '../../../src/ledger/index.js';

type Deliver = () => void;
interface Reply {
  readonly id?: unknown;
}

let closeId: unknown;
let holdClose: ((deliver: Deliver) => void) | undefined;
let holdNext: ((deliver: Deliver) => void) | undefined;

const postMessage = Worker.prototype.postMessage;
Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
  if ((message as { op?: unknown } | null)?.op === 'close') closeId = (message as Reply).id;
  return (postMessage as (...args: unknown[]) => void).call(this, message, ...rest);
};
const emit = Worker.prototype.emit;
Worker.prototype.emit = function (this: Worker, event: string | symbol, ...args: unknown[]): boolean {
  const deliver = () => void emit.call(this, event, ...args);
  if (event === 'message') {
    const id = (args[0] as Reply | null)?.id;
    if (holdClose && closeId !== undefined && id === closeId) {
      const hold = holdClose;
      holdClose = undefined;
      hold(deliver);
      return true;
    }
    if (holdNext && id !== undefined) {
      const hold = holdNext;
      holdNext = undefined;
      hold(deliver);
      return true;
    }
  }
  return emit.call(this, event, ...args);
};

/** A request handler still running: it asks the database for more once the thread closed PGlite. */
async function lateRequest(ledger: Ledger): Promise<void> {
  const adminKey = ledger.adminKey!;
  await ledger.fetch(new Request('http://ledger/v1/admin/trial-balance', { headers: { authorization: `Bearer ${adminKey}` } }));
}

/**
 * A transaction held open across the close (its work awaits an event): its next statement is
 * sent once the thread closed PGlite. Resolves with how it ended, for the last line.
 */
function heldTransaction(ledger: Ledger): { readonly began: Promise<void>; readonly next: () => Promise<void>; readonly outcome: Promise<string> } {
  let began!: () => void;
  let next!: () => void;
  const beganAt = new Promise<void>((resolve) => (began = resolve));
  const released = new Promise<void>((resolve) => (next = resolve));
  let sent!: Promise<unknown>;
  const outcome = ledger.database
    .transaction(async (tx) => {
      await tx.query('SELECT 1');
      began();
      await released;
      sent = tx.query('SELECT 2');
      await sent;
    })
    .then(
      () => 'committed',
      (error: unknown) => `refused: ${(error as Error).name}`,
    );
  return {
    began: beganAt,
    next: () => {
      next();
      return Promise.resolve().then(() => sent.then(() => undefined, () => undefined));
    },
    outcome,
  };
}

async function main(mode: string): Promise<void> {
  // closeWaitMs 0: the held transaction is rolled back as soon as the close begins.
  const ledger = await createLedger({ database: { kind: 'pglite', closeWaitMs: 0 }, onError: () => {} });
  const held = mode === 'transaction' ? heldTransaction(ledger) : undefined;
  await held?.began;
  holdClose = (deliverClose) => {
    // The thread has closed PGlite; its answer waits here while more is asked of it.
    let deliverLate: Deliver | undefined;
    const answered = new Promise<void>((resolve) => {
      holdNext = (deliver) => {
        deliverLate = deliver;
        resolve();
      };
    });
    const late = held ? held.next() : lateRequest(ledger);
    // The late request was refused here (nothing was sent), or the thread answered it: close's answer goes first.
    void Promise.race([answered, late.then(() => undefined, () => undefined)]).then(() => {
      holdNext = undefined;
      deliverClose();
      if (deliverLate) setImmediate(deliverLate);
    });
  };
  await ledger.close();
  console.log(held ? `the ledger closed; the held transaction was ${await held.outcome}` : 'the ledger closed');
}

main(process.argv[2] ?? 'request').catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
