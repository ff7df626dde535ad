// What a vendor gets from npm: the package packed as `npm publish` would pack it, installed
// into a fresh project. Shared by scripts/install-size.ts and test/package/packed.test.ts.
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One tarball made by `npm pack`. */
export interface PackedTarball {
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** The files in it, relative to the package root (`dist/index.js`, `LICENSE`, ...). */
  readonly files: readonly { readonly path: string; readonly size: number }[];
  /** Bytes of the tarball (gzipped). */
  readonly size: number;
  /** Bytes of its files, unpacked. */
  readonly unpackedSize: number;
}

/**
 * Packs the package in `packageDir` into `destination` with `npm pack`, which runs the
 * `prepack` script (the build) first, as `npm publish` does.
 */
export async function packPackage(packageDir: string, destination: string): Promise<PackedTarball> {
  const { stdout: out } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: packageDir,
    maxBuffer: 64 * 1024 * 1024,
  });
  // The build's own output comes first on stdout; npm's JSON answer is the last array.
  const start = out.startsWith('[') ? 0 : out.lastIndexOf('\n[\n') + 1;
  const [packed] = JSON.parse(out.slice(start)) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string; size: number }[];
  }[];
  if (!packed) throw new Error(`npm pack answered no tarball: ${out}`);
  return {
    tarball: join(destination, packed.filename),
    files: packed.files.map(({ path, size }) => ({ path, size })),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
  };
}

/**
 * Installs `tarball` into a new project in `projectDir` as a vendor's browser till would:
 * `npm install <tarball>`, which leaves out optional peer dependencies (the ledger's databases).
 */
export async function installTarball(tarball: string, projectDir: string): Promise<void> {
  writeFileSync(
    join(projectDir, 'package.json'),
    `${JSON.stringify({ name: 'a-till', version: '1.0.0', private: true })}\n`,
  );
  await promisify(execFile)(
    'npm',
    ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
    {
      cwd: projectDir,
    },
  );
}

/** Disk space `dir` takes, in kibibytes, as `du -sk` counts it (what `du -sh node_modules` shows a vendor). */
export function diskUsageKiB(dir: string): number {
  const out = execFileSync('du', ['-sk', dir], { encoding: 'utf8' });
  return Number(out.split(/\s/)[0]);
}
