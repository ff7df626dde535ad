import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createTerminal } from '../../src/index.js';
import { HandTimers } from './support/hand-timers.js';

// Found by the simulator: a transport that fails before reading a request's body (a refused
// connection; Node's fetch to a blocked port such as :9) left ky waiting for its copy of the
// body, so a push never settled and the round hung until its timeout (before the timeout ran
// on our timers: forever). Timers here never fire, so only a prompt failure passes.
describe('a transport that refuses before sending the body', () => {
  it('fails the sync with `network` at once, not at the request timeout', async () => {
    let calls = 0;
    const terminal = createTerminal({
      ledgerUrl: 'http://ledger.example', terminalId: 'till-1', storeId: 'store-1', apiKey: 'tp_term_refused_0000',
      indexedDB: new IDBFactory(), IDBKeyRange, autoSync: false, timers: new HandTimers(),
      fetch: () => {
        calls++;
        return Promise.reject(new TypeError('fetch failed'));
      },
    });
    await terminal.start();
    // A fresh till registers its incarnation first: a POST with a body.
    await expect(terminal.sync()).rejects.toMatchObject({ code: 'network' });
    expect(calls).toBeGreaterThan(0);
    await terminal.close();
  });
});
