import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/errors/error-codes.js';
import type { Route } from '../../src/ledger/http/route.js';
import { LEDGER_ERROR_CODES, REJECTION_REASONS } from '../../src/protocol/index.js';
import { backticked, readme, REPO_ROOT, section } from './readme-text.js';

/** Every route the ledger serves, from every `*-routes.ts` module (a new module is found too). */
async function servedRoutes(): Promise<Route[]> {
  const dir = join(REPO_ROOT, 'src/ledger/http');
  const routes = new Set<Route>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('-routes.ts'))) {
    const exported: Record<string, unknown> = await import(pathToFileURL(join(dir, file)).href);
    for (const value of Object.values(exported)) {
      if (Array.isArray(value)) for (const r of value as Route[]) if (r?.method && r.path) routes.add(r);
    }
  }
  return [...routes];
}

/** `METHOD /path` of every endpoint the protocol section's table names (a query string left off). */
function documentedEndpoints(text: string): Set<string> {
  return new Set([...text.matchAll(/`(GET|POST) (\/v1\/[^`?\s]*)/g)].map((m) => `${m[1]} ${m[2]}`));
}

describe('the README', () => {
  const text = readme();

  it('lists every endpoint the ledger serves in the protocol table, and no other', async () => {
    const served = new Set((await servedRoutes()).map((r) => `${r.method} ${r.path}`));
    expect(served.size).toBeGreaterThan(20);
    const documented = documentedEndpoints(section(text, '## The protocol (v1)'));
    expect([...served].filter((e) => !documented.has(e)).sort()).toEqual([]);
    expect([...documented].filter((e) => !served.has(e)).sort()).toEqual([]);
  });

  it('explains every error code the SDK can throw, each in a row of its own', () => {
    const table = section(text, '### What the SDK throws');
    const rows = new Set([...table.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]));
    expect(Object.values(ERROR_CODES).filter((code) => !rows.has(code))).toEqual([]);
  });

  it('explains every error code the ledger answers with', () => {
    const words = backticked(section(text, '### What the ledger answers'));
    expect(LEDGER_ERROR_CODES.filter((code) => !words.has(code))).toEqual([]);
  });

  it('explains every reason the ledger can refuse an intent for', () => {
    const words = backticked(section(text, '### Why the ledger refuses an intent'));
    expect(REJECTION_REASONS.filter((reason) => !words.has(reason))).toEqual([]);
  });
});
