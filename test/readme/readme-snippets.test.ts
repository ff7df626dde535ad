import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rulesetV1Schema } from '../../src/rules/index.js';
import { readme, REPO_ROOT, section, testedBlocks } from './readme-text.js';

/**
 * The README's quick start, run as a vendor would run it: the blocks marked
 * `<!-- tested: quick-start -->`, in order, as one `quick-start.mts` beside the ruleset
 * marked `<!-- tested: minimal-ruleset -->` saved as `ruleset.json`, run with tsx in a
 * folder of its own. Only the package's own imports are pointed at the source.
 */
const PACKAGE_ENTRIES: Record<string, string> = {
  tillpoints: 'src/index.ts',
  'tillpoints/ledger': 'src/ledger/index.ts',
  'tillpoints/rules': 'src/rules/index.ts',
  'tillpoints/protocol': 'src/protocol/index.ts',
};

/** Points `from 'tillpoints…'` at the source files; every other import is left as written. */
function importsFromSource(code: string): string {
  return code.replace(/from '(tillpoints(?:\/[a-z]+)?)'/g, (whole, name: string) => {
    const entry = PACKAGE_ENTRIES[name];
    if (!entry) throw new Error(`the README imports ${name}, which is not an entry of the package`);
    return `from '${pathToFileURL(join(REPO_ROOT, entry)).href}'`;
  });
}

async function runQuickStart(code: string, ruleset: string): Promise<{ stdout: string; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tillpoints-readme-'));
  try {
    // The snippet's other imports (fake-indexeddb) resolve as in a vendor's project.
    await symlink(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(join(dir, 'ruleset.json'), ruleset);
    // The ledger in the snippet keeps listening, as a server does; the script ends here.
    await writeFile(join(dir, 'quick-start.mts'), `${importsFromSource(code)}\nprocess.exit(0);\n`);
    return await promisify(execFile)(join(REPO_ROOT, 'node_modules/.bin/tsx'), ['quick-start.mts'], {
      cwd: dir,
      timeout: 110_000,
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Sections whose TypeScript is not run: a ledger serving on a fixed port or from a data folder,
 * which a test cannot run beside others, and a webhook receiver's fragment (the server around
 * it is the reader's; `verifyWebhookSignature` itself is tested in test/webhooks).
 */
const UNTESTED_SECTIONS = ['## Quick start: run a ledger', '#### Verifying a delivery', '### Running the ledger under load'];

describe('the README', () => {
  const text = readme();
  const blocks = testedBlocks(text);
  const named = (name: string) => blocks.filter((b) => b.name === name);

  it('runs every TypeScript block it shows, outside the sections named above', () => {
    const exempt = UNTESTED_SECTIONS.map((h) => section(text, h)).join('\n');
    const shown = (text.match(/^```ts$/gm) ?? []).length - (exempt.match(/^```ts$/gm) ?? []).length;
    expect(named('quick-start').filter((b) => b.lang === 'ts')).toHaveLength(shown);
  });

  it('offers a minimal ruleset that the ruleset schema accepts', () => {
    const [ruleset] = named('minimal-ruleset');
    expect(ruleset?.lang).toBe('json');
    const parsed = rulesetV1Schema.safeParse(JSON.parse(ruleset!.code));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('has a quick start that runs on a fresh ledger and prints what the README says', async () => {
    const code = named('quick-start');
    expect(code.length).toBeGreaterThanOrEqual(2);
    expect(code.every((b) => b.lang === 'ts')).toBe(true);
    const [printed] = named('quick-start output');
    expect(printed).toBeDefined();
    const { stdout } = await runQuickStart(code.map((b) => b.code).join('\n\n'), named('minimal-ruleset')[0]!.code);
    expect(stdout.trimEnd()).toBe(printed!.code.trimEnd());
  }, 120_000); // most of it is PGlite making its database, which a busy 2-core machine slows several times
});
