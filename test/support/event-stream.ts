import { SseParser, type SseMessage } from '../../src/sync/sse-parser.js';

/** An open `POST /v1/stream` answer, read event by event. */
export interface OpenStream {
  readonly status: number;
  readonly response: Response;
  /** The next event that satisfies `match` (earlier ones are dropped); rejects when the stream ends first. */
  next(match?: (m: SseMessage) => boolean): Promise<SseMessage>;
  /** Resolves when the stream ends (the ledger closed it). */
  ended(): Promise<void>;
  /** How many comment lines (heartbeats) arrived. */
  readonly comments: number;
  /** The `retry:` hints seen. */
  readonly retries: number[];
  close(): void;
}

/** Opens the stream with `key` and `body`; the answer's JSON error body is in `error` when not 200. */
export async function openStream(url: string, key: string | undefined, body: unknown): Promise<OpenStream & { error?: any }> {
  const abort = new AbortController();
  const response = await fetch(`${url}/v1/stream`, {
    method: 'POST',
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: abort.signal,
  });
  const parser = new SseParser();
  const queue: SseMessage[] = [];
  const retries: number[] = [];
  let comments = 0;
  let done = false;
  let wake: (() => void) | undefined;
  const reader = response.ok ? response.body!.pipeThrough(new TextDecoderStream()).getReader() : undefined;
  const pump = (async () => {
    try {
      for (;;) {
        const { done: end, value } = await reader!.read();
        if (end) break;
        for (const item of parser.feed(value)) {
          if (item.kind === 'message') queue.push(item.message);
          else if (item.kind === 'retry') retries.push(item.ms);
          else comments++;
        }
        wake?.();
      }
    } catch {
      // aborted by the test, or cut
    } finally {
      done = true;
      wake?.();
    }
  })();
  const error = response.ok ? undefined : await response.json();
  return {
    status: response.status,
    response,
    error,
    get comments() {
      return comments;
    },
    retries,
    async next(match = () => true) {
      for (;;) {
        const i = queue.findIndex(match);
        if (i >= 0) return queue.splice(0, i + 1).pop()!;
        queue.length = 0;
        if (done) throw new Error('the stream ended');
        await new Promise<void>((r) => (wake = r));
      }
    },
    async ended() {
      await pump;
    },
    close: () => abort.abort(),
  };
}
