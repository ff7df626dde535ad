import { defineConfig } from 'tsup';

// The ledger's database drivers are optional peer dependencies, loaded with import() on first
// use: never bundled, so a till that does not install them does not need them.
const external = ['@electric-sql/pglite', 'pg'];

// One package, four entry points; each ships ESM, CJS and type declarations.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'protocol/index': 'src/protocol/index.ts',
      'rules/index': 'src/rules/index.ts',
      'ledger/index': 'src/ledger/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: true,
    // import.meta.url in the CommonJS build (the ledger finds its database worker file by it).
    shims: true,
    external,
  },
  {
    entry: { 'ledger/cli': 'src/ledger/cli.ts' },
    format: ['esm'],
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: true,
    target: 'node20',
    external,
  },
  // The embedded database's thread (src/ledger/sql/pglite-worker.ts): a file of its own, which
  // the ledger (ESM or CJS build) finds beside itself in dist/ledger/.
  {
    entry: { 'ledger/pglite-worker': 'src/ledger/sql/pglite-worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external,
  },
]);
