const encoder = new TextEncoder();

/**
 * One server-sent event as bytes: `event:`, an optional `id:` and the JSON `data:` on one line
 * (JSON never holds a raw newline, so one `data:` line always carries it whole).
 */
export function sseEvent(event: string, data: unknown, id?: string): Uint8Array {
  return encoder.encode(`event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
}

/** A comment line: ignored by every SSE reader, it keeps proxies from closing an idle stream. */
export function sseComment(text: string): Uint8Array {
  return encoder.encode(`: ${text}\n\n`);
}

/** How long a reader should wait before reconnecting (`retry:`), sent first. */
export function sseRetry(ms: number): Uint8Array {
  return encoder.encode(`retry: ${ms}\n\n`);
}
