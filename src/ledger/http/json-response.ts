import type { LedgerErrorCode, ValidationIssue } from '../../protocol/index.js';

const encoder = new TextEncoder();

/** A JSON answer, with its exact length, that no cache may keep. */
export function jsonResponse(status: number, body: unknown): Response {
  const bytes = encoder.encode(JSON.stringify(body));
  return new Response(bytes, {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(bytes.byteLength),
      'cache-control': 'no-store',
    },
  });
}

/** The ledger's error body: a stable code, a message for people and, for a 400, the issues. */
export function errorResponse(
  status: number,
  code: LedgerErrorCode,
  message: string,
  issues?: readonly ValidationIssue[],
): Response {
  return jsonResponse(status, { error: { code, message, ...(issues ? { issues } : {}) } });
}
