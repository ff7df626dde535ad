import type { IncomingMessage } from 'node:http';
import { LedgerHttpError } from './ledger-http-error.js';

/**
 * Reads a JSON request body of at most `maxBytes`. Refuses, with a typed error and
 * before parsing, a wrong content type, an oversized body or malformed JSON.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new LedgerHttpError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    throw new LedgerHttpError(413, 'body_too_large', `the body may be at most ${maxBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      throw new LedgerHttpError(413, 'body_too_large', `the body may be at most ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new LedgerHttpError(400, 'invalid_json', 'the body is not valid JSON');
  }
}
