import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { inject } from 'vitest';

export const chromiumPath = '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

declare module 'vitest' {
  export interface ProvidedContext {
    /** The one Chromium the browser tests share, started by the global setup (tests/support/global-setup.ts). */
    chromiumEndpoint: string | null;
  }
}

/** Starts the shared browser (the global setup does, once per run that includes a browser test). */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: chromiumPath, args });
}

/**
 * A connection to the run's shared Chromium; a browser of its own when the global setup started none
 * (a run given only other test files would not). Closing it closes only this connection's pages.
 */
export async function openBrowser(): Promise<Browser> {
  const endpoint = inject('chromiumEndpoint');
  if (endpoint) return chromium.connect(endpoint);
  return chromium.launch({ executablePath: chromiumPath, args });
}
