// Debian's chromium driven by playwright-core (no browser download): scripts/browser-up.sh installs it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.DFLAB_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  consoleErrors: string[];
  dialogs: string[];
  close: () => Promise<void>;
}

/** Opens a file in a fresh profile (playwright passes it as --user-data-dir), recording console errors and dialogs. */
export async function openFile(path: string): Promise<OpenedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'dflab-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  const page = context.pages()[0] ?? await context.newPage();
  const consoleErrors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); void d.dismiss(); });
  await page.goto(`file://${path}`, { waitUntil: 'load' });
  return {
    page, consoleErrors, dialogs,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}
