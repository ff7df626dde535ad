// Measures what a browser till downloads: packs this package (building it first), installs
// the tarball into a fresh project without the ledger's optional database packages, and
// prints the size of its node_modules. `npm run install-size`
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskUsageKiB, installTarball, packPackage } from './packed-package.js';

const work = mkdtempSync(join(tmpdir(), 'tillpoints-install-size-'));
try {
  const packed = await packPackage(process.cwd(), work);
  const app = join(work, 'app');
  mkdirSync(app);
  await installTarball(packed.tarball, app);
  const modules = join(app, 'node_modules');
  const packages = readdirSync(modules)
    .filter((name) => !name.startsWith('.'))
    .flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(modules, name)).map((sub) => `${name}/${sub}`) : [name],
    );
  const mib = (kib: number) => (kib / 1024).toFixed(1);
  console.log(
    `tarball: ${(packed.size / 1024).toFixed(1)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(1)} KiB unpacked, ${packed.files.length} files`,
  );
  console.log(
    `browser-only install (npm install tillpoints, no optional peers): ${mib(diskUsageKiB(modules))} MiB in node_modules (du -sk)`,
  );
  for (const name of packages)
    console.log(`  ${name.padEnd(24)} ${mib(diskUsageKiB(join(modules, name)))} MiB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
