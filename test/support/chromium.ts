import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** The flags this machine's headless Chromium needs (no sandbox as root, no background traffic). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
] as const;

/** Launches Debian's Chromium headless, installing it first when missing (never a downloaded browser). */
export async function launchChromium(): Promise<Browser> {
  execFileSync('bash', [resolve('scripts/ensure-chromium.sh')], { stdio: 'inherit' });
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: [...CHROMIUM_ARGS] });
}
