import type { Duplex } from 'node:stream';

/**
 * Answers a request Node's HTTP parser refused before any handler saw it (a request line or
 * headers past its 16 KiB limit, a malformed request) with the ledger's JSON error body, like
 * every other refusal, instead of Node's bare status line.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const [status, reason] = tooLarge ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({
    error: tooLarge
      ? { code: 'headers_too_large', message: 'the request line and headers may be at most 16 KiB' }
      : { code: 'invalid_request', message: 'the request is not valid HTTP' },
  });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
  );
}
