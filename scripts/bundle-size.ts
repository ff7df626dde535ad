// Measures what the terminal entry (src/index.ts) weighs in a browser bundle: esbuild, minified,
// then gzip, split into our own code and each dependency (by the metafile's bytes per input).
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';

/** The goals and the ceilings npm test enforces, in KB (1000 bytes) of min+gzip. */
export const BUNDLE_BUDGETS = {
  /** Goal for the whole terminal entry, dependencies included. */
  totalGoalKb: 60,
  /** Goal for tillpoints' own code. */
  ownGoalKb: 15,
  /** What npm test allows today: the goal once it is met, until then the measured figure rounded up. */
  totalCeilingKb: 49,
  ownCeilingKb: 40,
} as const;

/** One bundle's weight. Sizes in bytes. */
export interface BundleSize {
  /** The whole bundle, minified then gzipped. */
  totalGzip: number;
  totalMinified: number;
  /** Our own code alone: the entry bundled with every dependency external, minified then gzipped. */
  ownGzip: number;
  ownMinified: number;
  /** Each dependency: its minified bytes in the bundle, and what it adds to the total gzip (the total less the bundle without it). */
  dependencies: { name: string; minified: number; gzip: number }[];
}

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}src/index.ts`;

async function bundle(external: string[]): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild wrote no output');
  return { code: file.contents, metafile: result.metafile };
}

function gzipSize(code: Uint8Array): number {
  return gzipSync(code).length;
}

function packageOf(input: string): string | undefined {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match?.[1];
}

/** Bundles the terminal entry twice (whole, and own code alone) and weighs both. */
export async function measureBundle(): Promise<BundleSize> {
  const whole = await bundle([]);
  const totalGzip = gzipSize(whole.code);
  const output = Object.values(whole.metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    if (name !== undefined) byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const external = (name: string): string[] => [name, `${name}/*`];
  const dependencies: BundleSize['dependencies'] = [];
  for (const [name, minified] of byPackage) {
    const without = await bundle(external(name));
    dependencies.push({ name, minified, gzip: totalGzip - gzipSize(without.code) });
  }
  dependencies.sort((a, b) => b.gzip - a.gzip);
  const own = await bundle([...byPackage.keys()].flatMap(external));
  return {
    totalGzip,
    totalMinified: whole.code.length,
    ownGzip: gzipSize(own.code),
    ownMinified: own.code.length,
    dependencies,
  };
}

/** Bytes as KB (1000 bytes, as bundle reports count) with one decimal. */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** The report the CLI prints. */
export function formatBundleSize(size: BundleSize): string {
  const b = BUNDLE_BUDGETS;
  return [
    `terminal entry (src/index.ts), esbuild --bundle --minify, browser, gzip`,
    `  total     ${kb(size.totalGzip)} gzip (${kb(size.totalMinified)} minified)  ceiling ${b.totalCeilingKb} KB, goal ${b.totalGoalKb} KB`,
    `  own code  ${kb(size.ownGzip)} gzip (${kb(size.ownMinified)} minified)  ceiling ${b.ownCeilingKb} KB, goal ${b.ownGoalKb} KB`,
    ...size.dependencies.map((d) => `  ${d.name.padEnd(9)} ${kb(d.gzip)} gzip (${kb(d.minified)} minified)`),
  ].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(formatBundleSize(await measureBundle()));
}
