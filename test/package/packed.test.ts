import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diskUsageKiB,
  installTarball,
  packPackage,
  type PackedTarball,
} from '../../scripts/packed-package.js';

// The package as a vendor gets it: packed once (npm pack runs the build), checked by
// arethetypeswrong, and installed into a fresh project without the optional peers.
const ENTRIES = ['.', './protocol', './rules', './ledger'] as const;
const RESOLUTIONS = ['node10', 'node16-cjs', 'node16-esm', 'bundler'] as const;
const SPECIFIERS = ENTRIES.map((entry) => (entry === '.' ? 'tillpoints' : `tillpoints${entry.slice(1)}`));
// Before the ledger's databases became optional peers, a browser-only install took 42.6 MiB.
const BROWSER_INSTALL_BUDGET_KIB = 20 * 1024;

interface AttwAnswer {
  problems: Record<string, unknown> | unknown[];
  analysis: {
    entrypoints: Record<
      string,
      { resolutions: Record<string, { resolution?: { fileName: string; isTypeScript: boolean } }> }
    >;
  };
}

let work: string;
let app: string;
let packed: PackedTarball;
let attw: AttwAnswer;

function runIn(dir: string, file: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(file, args, { cwd: dir, encoding: 'utf8', env });
}

describe('the published package', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tillpoints-packed-'));
    app = join(work, 'app');
    mkdirSync(app);
    packed = await packPackage(process.cwd(), work);
    // attw exits 1 when it finds a problem; its JSON answer says which.
    const checkTypes = promisify(execFile)(
      'npx',
      ['attw', packed.tarball, '--format', 'json', '--entrypoints', ...ENTRIES],
      { maxBuffer: 64 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const [types] = await Promise.all([checkTypes, installTarball(packed.tarball, app)]);
    attw = JSON.parse(types.stdout) as AttwAnswer;
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('builds on npm pack and ships dist, the JSON Schemas, the README and the LICENSE, and no sources or tests', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/ledger/cli.js']),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'schema/tillpoints-protocol-v1.schema.json',
        'schema/tillpoints-rules-v1.schema.json',
      ]),
    );
    expect(
      paths.filter(
        (path) => !/^(dist|schema)\//.test(path) && !['LICENSE', 'README.md', 'package.json'].includes(path),
      ),
    ).toEqual([]);
    expect(readFileSync(join(app, 'node_modules/tillpoints/LICENSE'), 'utf8')).toContain(
      'Copyright (c) 2026 the tillpoints authors',
    );
    console.log(
      `tarball: ${packed.files.length} files, ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked`,
    );
  });

  it('ships every file its package.json names (exports, main, module, types, typesVersions, bin)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    const named =
      JSON.stringify([pkg.exports, pkg.main, pkg.module, pkg.types, pkg.typesVersions, pkg.bin]).match(
        /\.\/dist\/[^"*]+/g,
      ) ?? [];
    expect(named.length).toBeGreaterThan(20);
    const paths = new Set(packed.files.map((file) => file.path));
    expect(named.filter((path) => !paths.has(path.slice(2)))).toEqual([]);
  });

  it('resolves the types of every entry under node10, node16 (CommonJS and ESM) and bundler, with no problem arethetypeswrong knows', () => {
    expect(Object.values(attw.problems)).toEqual([]);
    for (const entry of ENTRIES) {
      for (const kind of RESOLUTIONS) {
        const resolved = attw.analysis.entrypoints[entry]?.resolutions[kind]?.resolution;
        expect(resolved?.isTypeScript, `${entry} under ${kind}`).toBe(true);
      }
    }
  });

  it('installs for a browser till without PGlite or pg, in a fraction of the old size', () => {
    expect(existsSync(join(app, 'node_modules/@electric-sql/pglite'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/pg'))).toBe(false);
    const kib = diskUsageKiB(join(app, 'node_modules'));
    console.log(`browser-only install: ${(kib / 1024).toFixed(1)} MiB in node_modules (du -sk)`);
    expect(kib).toBeLessThan(BROWSER_INSTALL_BUDGET_KIB);
  });

  it('loads every entry in Node as ESM and as CommonJS, with the same exports, and exports the JSON Schemas', () => {
    const list = JSON.stringify(SPECIFIERS);
    const esm = runIn(app, process.execPath, [
      '--input-type=module',
      '-e',
      `const counts = []; for (const s of ${list}) counts.push(Object.keys(await import(s)).length);
       const schema = await import('tillpoints/schema/tillpoints-protocol-v1.schema.json', { with: { type: 'json' } });
       console.log(JSON.stringify({ counts, schema: typeof schema.default }));`,
    ]);
    const cjs = runIn(app, process.execPath, [
      '-e',
      `console.log(JSON.stringify(${list}.map((s) => Object.keys(require(s)).length)))`,
    ]);
    expect(esm.stderr.replace(/.*ExperimentalWarning.*\n|.*--trace-warnings.*\n/g, '')).toBe('');
    const answer = JSON.parse(esm.stdout) as { counts: number[]; schema: string };
    expect(answer.counts.every((count) => count > 0)).toBe(true);
    expect(answer.schema).toBe('object');
    expect(JSON.parse(cjs.stdout)).toEqual(answer.counts);
  });

  it('imports tillpoints/ledger without the database packages, and opening one names the package to install', () => {
    const script = `const ledger = SOURCE;
      const seen = [];
      for (const database of [{ kind: 'pglite' }, { kind: 'postgres', url: 'postgres://127.0.0.1:9/none' }]) {
        await ledger.createLedger({ database }).then(() => seen.push('opened'), (e) => seen.push({ code: e.code, name: e.name, packageName: e.packageName, message: e.message, guard: ledger.isMissingDependencyError(e) }));
      }
      console.log(JSON.stringify(seen));`;
    const esm = runIn(app, process.execPath, [
      '--input-type=module',
      '-e',
      script.replace('SOURCE', "await import('tillpoints/ledger')"),
    ]);
    const cjs = runIn(app, process.execPath, [
      '-e',
      `(async () => { ${script.replace('SOURCE', "require('tillpoints/ledger')")} })()`,
    ]);
    for (const run of [esm, cjs]) {
      expect(run.stderr).toBe('');
      const [pglite, pg] = JSON.parse(run.stdout);
      expect(pglite).toMatchObject({
        code: 'missing_dependency',
        name: 'MissingDependencyError',
        packageName: '@electric-sql/pglite',
        guard: true,
      });
      expect(pglite.message).toContain('npm install @electric-sql/pglite@^');
      expect(pg).toMatchObject({ code: 'missing_dependency', packageName: 'pg', guard: true });
      expect(pg.message).toContain('npm install pg@^');
    }
  });

  it('runs the ledger CLI, which without PGlite or pg says which package to install and exits 2, without a stack trace', () => {
    const cli = join(app, 'node_modules/.bin/tillpoints-ledger');
    expect(runIn(app, cli, ['--help']).stdout).toContain('tillpoints-ledger serve');
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const embedded = runIn(app, cli, ['serve', '--port', '0', '--data', join(app, 'ledger-data')], env);
    expect(embedded.status).toBe(2);
    expect(embedded.stderr).toContain('install it with: npm install @electric-sql/pglite@^');
    expect(embedded.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(app, 'ledger-data'))).toBe(false);
    const server = runIn(
      app,
      cli,
      ['create-member', '--member', 'asha', '--database-url', 'postgres://127.0.0.1:9/none'],
      env,
    );
    expect(server.status).toBe(2);
    expect(server.stderr).toContain('install it with: npm install pg@^');
    expect(server.stderr).not.toMatch(/\n\s+at /);
  });
});
