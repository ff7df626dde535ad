import type { Worker } from 'node:worker_threads';
import { deserializeError, type WorkerReply, type WorkerRequest } from './pglite-worker-messages.js';

/** A request as the caller asks it: its id is given when it is sent. Distributive, so each keeps its own fields. */
export type WorkerAsk = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

interface Waiting {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Every request sent to the embedded database's thread that is not settled yet: the one place
 * that sends them and the one place that settles them. A request is settled by its answer, or
 * rejected when the requests end (the thread failed or exited, or the database closed); once
 * they ended, a new request is rejected at once and never sent. So no caller is left waiting
 * on a thread that will not answer.
 *
 * The thread keeps the process alive only while a request waits on it (an idle ledger does
 * not), and the requests never touch that again once they ended: an answer that arrives late,
 * after `worker.terminate()` (which keeps the process alive until the thread is gone), must
 * not let the process end under a `close()` that has not settled yet.
 */
export class WorkerRequests {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;
  #ended: Error | undefined;

  /** Takes over `worker`'s keep-alive: unreferenced until a request waits. */
  constructor(worker: Worker) {
    this.#worker = worker;
    worker.unref();
  }

  /** Why the requests ended (every request is then refused with it), or `undefined` while they run. */
  get ended(): Error | undefined {
    return this.#ended;
  }

  /** Sends `request`; settles with its answer, or is rejected when the requests end first. */
  send<T>(request: WorkerAsk): Promise<T> {
    if (this.#ended) return Promise.reject(this.#ended);
    return new Promise<T>((resolve, reject) => {
      const id = this.#nextId++;
      if (this.#waiting.size === 0) this.#worker.ref();
      this.#waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.#worker.postMessage({ ...request, id });
      } catch (error) {
        // A value postMessage cannot copy: nothing was sent.
        this.#waiting.delete(id);
        this.#idle();
        reject(error);
      }
    });
  }

  /** Settles the request `reply` answers; an answer to a request already settled (refused at the end) is dropped. */
  answer(reply: WorkerReply): void {
    const waiting = this.#waiting.get(reply.id);
    if (!waiting) return;
    this.#waiting.delete(reply.id);
    this.#idle();
    if (reply.ok) waiting.resolve(reply.value);
    else waiting.reject(deserializeError(reply.error));
  }

  /** Rejects every waiting request, and every later one, with `error` (the first end's error stays). */
  end(error: Error): void {
    this.#ended ??= error;
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { reject } of waiting) reject(this.#ended);
  }

  #idle(): void {
    if (this.#waiting.size === 0 && !this.#ended) this.#worker.unref();
  }
}
