import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from './chromium.js';

/** Debian's Chromium run as a child process of the test, on a profile directory that outlives it. */
export interface ChromiumProcess {
  readonly browser: Browser;
  readonly pid: number;
  /** Kills the browser process with SIGKILL (no graceful close, no flush) and waits for it to die. */
  crash(): Promise<void>;
  /** Closes the browser gracefully. */
  close(): Promise<void>;
}

/**
 * Starts `/usr/bin/chromium` headless on `userDataDir` with a DevTools port, and connects to it
 * over CDP. Unlike `chromium.launch`, the test owns the process, so it can kill it.
 */
export async function startChromiumProcess(userDataDir: string): Promise<ChromiumProcess> {
  execFileSync('bash', [resolve('scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  const child: ChildProcess = spawn(
    '/usr/bin/chromium',
    ['--headless=new', '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, ...CHROMIUM_ARGS, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const wsUrl = await new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools URL:\n${seen}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before listening:\n${seen}`)));
  });
  child.stderr!.resume();
  const browser = await chromium.connectOverCDP(wsUrl);
  return {
    browser,
    pid: child.pid!,
    async crash() {
      process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    async close() {
      await browser.close().catch(() => {});
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
