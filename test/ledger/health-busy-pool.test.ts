import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLedger, type Ledger } from '../../src/ledger/index.js';
import { createPostgresDatabase, GENEROUS_LIMITS } from '../support/ledger-fixture.js';
import { healthOf } from './support/call-ledger.js';

const POOL = 2;

// On PostgreSQL, pushes hold the pool's connections: health must not queue for one behind them
// (it did, up to the pool's 5 s, then answered 503), and must still tell a server that is gone.
describe('health of a ledger whose PostgreSQL pool is busy', () => {
  let pg: { url: string; drop: () => Promise<void> };
  let ledger: Ledger;
  let url: string;
  const health = () => healthOf(url);
  beforeEach(async () => {
    pg = await createPostgresDatabase();
    ledger = await createLedger({ database: { kind: 'postgres', url: pg.url, poolSize: POOL }, limits: GENEROUS_LIMITS, onError: () => {} });
    url = await ledger.listen();
  });
  afterEach(async () => {
    await ledger.close();
    await pg.drop();
  });

  it('answers 200 while every connection of the pool is held, the server having answered a moment ago', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: Promise<void>[] = [];
    const started: Promise<void>[] = [];
    for (let i = 0; i < POOL; i++) {
      let began!: () => void;
      started.push(new Promise<void>((resolve) => (began = resolve)));
      held.push(
        ledger.database.transaction(async (tx) => {
          await tx.query('SELECT 1'); // the server answers: every connection is now taken
          began();
          await released;
        }),
      );
    }
    await Promise.all(started);
    const answer = await health();
    release();
    await Promise.all(held);
    expect(answer).toEqual({ status: 200, body: { ok: true, protocol: 'v1', database: 'postgres' } });
  });
});
