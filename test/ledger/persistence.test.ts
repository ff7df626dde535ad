import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLedger } from '../../src/ledger/index.js';
import { GENEROUS_LIMITS, intentMaker, pushBody } from '../support/ledger-fixture.js';
import { freshDataDir } from '../support/pglite-template.js';
import { call } from './support/call-ledger.js';

const dir = mkdtempSync(join(tmpdir(), 'tillpoints-ledger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database on disk', () => {
  // The ledger's first start on a folder with nothing in it (initdb on disk): the one test that does.
  it('keeps members, keys and applied intent ids across a restart', async () => {
    const dataDir = join(dir, 'restart');
    const adminKey = 'tp_admin_persistence-test-key-0123456789';
    const make = intentMaker('T1', 'S1');
    const batch = [make.accrue('M1', 40), make.redeem('M1', 15)];

    const first = await createLedger({ database: { kind: 'pglite', dataDir }, adminKey, limits: GENEROUS_LIMITS });
    const url1 = await first.listen();
    await call(url1, 'POST', '/v1/admin/members', adminKey, { protocol: 'v1', members: [{ memberId: 'M1', openingPoints: 10 }] });
    const key = (await call(url1, 'POST', '/v1/admin/terminals', adminKey, { protocol: 'v1', terminalId: 'T1', storeId: 'S1' })).body.apiKey;
    const applied = await call(url1, 'POST', '/v1/push', key, pushBody('T1', 'S1', batch));
    expect(applied.body.results.map((r: any) => r.outcome)).toEqual(['applied', 'applied']);
    await first.close();

    const second = await createLedger({ database: { kind: 'pglite', dataDir }, adminKey, limits: GENEROUS_LIMITS });
    const url2 = await second.listen();
    const retried = await call(url2, 'POST', '/v1/push', key, pushBody('T1', 'S1', batch));
    expect(retried.body.results.map((r: any) => r.outcome)).toEqual(['duplicate', 'duplicate']);
    expect(retried.body.results.map((r: any) => r.original)).toEqual(applied.body.results);
    const member = await call(url2, 'GET', '/v1/members/lookup?memberId=M1', key);
    expect(member.body.member.balance.points).toBe(35);
    await second.close();
  });

  it('serves terminals and members made with the CLI', async () => {
    // A copy of a fresh folder: the CLI's first command skips initdb.
    const dataDir = freshDataDir(join(dir, 'cli'));
    const cli = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'src/ledger/cli.ts', ...args, '--data', dataDir], {
        encoding: 'utf8',
      }).trim();
    const key = cli('create-terminal', '--terminal', 'T7', '--store', 'S7');
    expect(key).toMatch(/^tp_term_/);
    const member = JSON.parse(cli('create-member', '--member', 'C1', '--phone', '98765 43210', '--points', '25'));
    expect(member).toMatchObject({ memberId: 'C1', phone: '9876543210', balance: { points: 25 } });

    const ledger = await createLedger({ database: { kind: 'pglite', dataDir } });
    const url = await ledger.listen();
    const found = await call(url, 'GET', '/v1/members/lookup?phone=%2B91-9876543210', key);
    expect(found.body.member.memberId).toBe('C1');
    await ledger.close();
    expect(cli('revoke-terminal', '--terminal', 'T7')).toBe('revoked T7');
  });
});
