import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseItem } from '../../src/sync/sse-parser.js';

const messages = (items: SseItem[]) => items.flatMap((i) => (i.kind === 'message' ? [i.message] : []));

describe('the event-stream parser', () => {
  it('reads events, ids, retry hints and comments as the format defines them', () => {
    const p = new SseParser();
    const items = p.feed('\uFEFFretry: 1500\n\n: heartbeat\n\nevent: changes\nid: c1\ndata: {"a":1}\n\ndata: one\ndata: two\n\nevent: holds\ndata:x\n\n');
    expect(items.filter((i) => i.kind === 'retry')).toEqual([{ kind: 'retry', ms: 1500 }]);
    expect(items.filter((i) => i.kind === 'comment')).toHaveLength(1);
    expect(messages(items)).toEqual([
      { event: 'changes', data: '{"a":1}', id: 'c1' },
      // The id is kept across events, as EventSource does.
      { event: 'message', data: 'one\ntwo', id: 'c1' },
      { event: 'holds', data: 'x', id: 'c1' },
    ]);
  });

  it('gives the same events however the stream is cut into chunks, with LF, CR or CRLF line ends', () => {
    const events = [
      { event: 'changes', id: 'k1', data: '{"changes":[1,2]}' },
      { event: 'ruleset', id: 'k2', data: '{"version":3}' },
      { event: 'holds', id: 'k3', data: '{"token":"abc"}' },
    ];
    fc.assert(
      fc.property(fc.constantFrom('\n', '\r', '\r\n'), fc.array(fc.nat(), { maxLength: 12 }), (eol, cuts) => {
        const text = events.map((e) => `: hb${eol}event: ${e.event}${eol}id: ${e.id}${eol}data: ${e.data}${eol}${eol}`).join('');
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const p = new SseParser();
        const got: SseItem[] = [];
        let last = 0;
        for (const at of [...points, text.length]) {
          got.push(...p.feed(text.slice(last, at)));
          last = at;
        }
        expect(messages(got)).toEqual(events);
      }),
    );
  });

  it('does not dispatch an event until its blank line arrives', () => {
    const p = new SseParser();
    expect(p.feed('event: changes\ndata: {}\n')).toEqual([]);
    expect(messages(p.feed('\n'))).toEqual([{ event: 'changes', data: '{}', id: undefined }]);
  });
});
