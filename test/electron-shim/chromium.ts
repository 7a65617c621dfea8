import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Debian's Chromium, or the one ROSTER_CHROMIUM names; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.ROSTER_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => Boolean(path && existsSync(path))) ?? null;
}

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error('No Chromium found: install Debian\'s "chromium" package or set ROSTER_CHROMIUM.');
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
