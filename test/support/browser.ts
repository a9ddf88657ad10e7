// Headless Debian Chromium driven by playwright-core (never a downloaded browser build).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../../test/artifacts/', import.meta.url));

/** Why browser tests cannot run here, or undefined. In CI a missing browser is a failure, not a skip. */
export function browserUnavailable(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const why = `${CHROMIUM} is missing: apt-get install -y chromium`;
  if (env.CI) throw new Error(why);
  return why;
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a new context that records console errors and uncaught exceptions (tests assert there are none). */
export async function newPage(browser: Browser, options: BrowserContextOptions = { viewport: { width: 1280, height: 720 } }): Promise<{ page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return { page, consoleErrors };
}
