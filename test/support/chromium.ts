import { TEST_CHROMIUM } from '@kios/testing';
import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (or KIOS_TEST_CHROMIUM), driven by playwright-core (no browser download). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: TEST_CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
