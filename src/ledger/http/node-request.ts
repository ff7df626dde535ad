import type { IncomingMessage } from 'node:http';

/** A request read from node:http, and what to do with a body its handler left unread. */
export interface NodeRequest {
  readonly request: Request;
  /** Reads and drops what is left of the body, so the connection can serve the next request. */
  readonly discardBody: () => void;
}

/** Methods a `Request` cannot carry (the Fetch standard forbids them); no ledger endpoint takes them. */
export const FORBIDDEN_METHODS: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

const BODY_BUFFER_BYTES = 64 * 1024;

/**
 * The request body as a web stream that reads from the socket only as fast as the handler
 * reads it (at most {@link BODY_BUFFER_BYTES} ahead). Cancelling it drops the rest rather
 * than closing the connection, so the answer (a 413, say) still reaches the client.
 */
function bodyStream(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; detach: () => void } {
  let detach = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const onData = (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => {
          detach();
          controller.close();
        };
        const onFail = () => {
          detach();
          controller.error(new Error('the client went away before the end of its body'));
        };
        const onClose = () => {
          if (!req.complete) onFail();
        };
        detach = () => {
          req.off('data', onData).off('end', onEnd).off('error', onFail).off('close', onClose);
          detach = () => {};
        };
        req.on('data', onData).on('end', onEnd).on('error', onFail).on('close', onClose);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        detach();
        req.resume();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: BODY_BUFFER_BYTES }),
  );
  return { stream, detach: () => detach() };
}

/**
 * The web-standard `Request` for a node:http request. The target is always read as a path
 * (`//host/x` is the path `//host/x`, never another host); `signal` aborts it when the client
 * goes away. Throws a `TypeError` for a method in {@link FORBIDDEN_METHODS}.
 */
export function requestFromNode(req: IncomingMessage, signal: AbortSignal): NodeRequest {
  const target = req.url ?? '/';
  const url = `http://ledger.invalid${target.startsWith('/') ? target : `/${target}`}`;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    return { request: new Request(url, { method, headers, signal }), discardBody: () => req.resume() };
  }
  const body = bodyStream(req);
  const request = new Request(url, { method, headers, signal, body: body.stream, duplex: 'half' } as RequestInit);
  return {
    request,
    discardBody: () => {
      body.detach();
      req.resume();
    },
  };
}
