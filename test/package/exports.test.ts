import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';

const ENTRIES = ['tillpoints', 'tillpoints/protocol', 'tillpoints/rules', 'tillpoints/ledger'] as const;

describe('the published package', () => {
  beforeAll(() => {
    execFileSync('npx', ['tsup', '--silent'], { stdio: 'pipe' });
  }, 120_000);

  it.each(ENTRIES)('loads %s as ESM and as CommonJS, with type declarations for both', (entry) => {
    const esm = execFileSync(process.execPath, ['--input-type=module', '-e', `import * as m from '${entry}'; console.log(Object.keys(m).length)`], { encoding: 'utf8' });
    const cjs = execFileSync(process.execPath, ['-e', `console.log(Object.keys(require('${entry}')).length)`], { encoding: 'utf8' });
    expect(Number(esm)).toBeGreaterThan(0);
    expect(Number(cjs)).toBe(Number(esm));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const spec = pkg.exports[entry === 'tillpoints' ? '.' : `./${entry.split('/')[1]}`];
    for (const path of [spec.import.types, spec.import.default, spec.require.types, spec.require.default]) {
      expect(existsSync(path), path).toBe(true);
    }
  });

  it('ships the ledger CLI', () => {
    const help = execFileSync(process.execPath, ['dist/ledger/cli.js', '--help'], { encoding: 'utf8' });
    expect(help).toContain('tillpoints-ledger serve');
  });
});
