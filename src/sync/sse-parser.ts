/** One server-sent event, as the SSE format defines it (a dispatched block of fields). */
export interface SseMessage {
  /** `event:` (`message` when the block named none). */
  readonly event: string;
  /** The `data:` lines, joined by newlines. */
  readonly data: string;
  /** The last `id:` seen so far (kept across events, as the format says). */
  readonly id: string | undefined;
}

/** What a chunk of the stream held: events, `retry:` hints and comment lines (heartbeats). */
export type SseItem =
  | { readonly kind: 'message'; readonly message: SseMessage }
  | { readonly kind: 'retry'; readonly ms: number }
  | { readonly kind: 'comment' };

// A line longer than this (a ledger or proxy gone wrong) ends the stream rather than eating memory.
const MAX_LINE = 16 * 1024 * 1024;

/**
 * A small incremental parser of `text/event-stream` (the WHATWG format): feed it decoded text
 * as it arrives, in chunks cut anywhere, and it answers the items completed so far. Lines end
 * with LF, CR or CRLF; a leading byte-order mark is dropped; unknown fields are ignored.
 */
export class SseParser {
  #buffer = '';
  #started = false;
  #pendingCr = false;
  #event = '';
  #data: string[] = [];
  #id: string | undefined;

  /** Parses `chunk`; throws a `RangeError` when a line grows past 16 MiB. */
  feed(chunk: string): SseItem[] {
    let text = chunk;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // A CR that ended the last chunk may be the first half of a CRLF.
    if (this.#pendingCr && text.startsWith('\n')) text = text.slice(1);
    this.#pendingCr = false;
    this.#buffer += text;
    const items: SseItem[] = [];
    let start = 0;
    for (let i = 0; i < this.#buffer.length; i++) {
      const c = this.#buffer[i];
      if (c !== '\n' && c !== '\r') continue;
      this.#line(this.#buffer.slice(start, i), items);
      if (c === '\r') {
        if (i + 1 === this.#buffer.length) this.#pendingCr = true;
        else if (this.#buffer[i + 1] === '\n') i++;
      }
      start = i + 1;
    }
    this.#buffer = this.#buffer.slice(start);
    if (this.#buffer.length > MAX_LINE) throw new RangeError('an event-stream line is longer than 16 MiB');
    return items;
  }

  #line(line: string, items: SseItem[]): void {
    if (line === '') {
      if (this.#data.length > 0) {
        items.push({ kind: 'message', message: { event: this.#event || 'message', data: this.#data.join('\n'), id: this.#id } });
      }
      this.#event = '';
      this.#data = [];
      return;
    }
    if (line.startsWith(':')) {
      items.push({ kind: 'comment' });
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') this.#data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.#id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) items.push({ kind: 'retry', ms: Number(value) });
  }
}
