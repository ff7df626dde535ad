import { LedgerHttpError } from './ledger-http-error.js';

const tooLarge = (maxBytes: number) =>
  new LedgerHttpError(413, 'body_too_large', `the body may be at most ${maxBytes} bytes`);

/** Reads the body's bytes, refusing (and no longer reading) past `maxBytes`. */
async function readBytes(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-body: its mistake, not a fault of the ledger.
      throw new LedgerHttpError(400, 'invalid_request', 'the body ended before its declared end');
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(next.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a JSON request body of at most `maxBytes`. Refuses, with a typed error and
 * before parsing, a wrong content type, an oversized body or malformed JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new LedgerHttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
  const bytes = request.body ? await readBytes(request.body, maxBytes) : new Uint8Array(0);
  // A byte-order mark is kept (and refused by JSON.parse), as bytes that are not UTF-8 become U+FFFD.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new LedgerHttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
