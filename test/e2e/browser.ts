/**
 * Real Chromium for the browser tests, through playwright-core (no bundled browser: the
 * Debian `chromium` package, or CHROMIUM_PATH). Playwright makes a fresh profile for each
 * launch, so no --user-data-dir flag is needed (launch() refuses one).
 */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (!found) {
    throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH');
  }
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
