import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless; Playwright downloads no browser of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PODIUM_E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * A page as the end-to-end walks use it (1280×800, 60 s waits) with the script errors it hits
 * collected in `pageErrors`: a 4xx answer is error data a view shows, so failed loads are not
 * counted; a script error or a CSP refusal is. `options` adds to the defaults (a page with
 * JavaScript disabled, say).
 */
export async function openPage(
  browser: Browser,
  pageErrors: string[],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, ...options });
  page.setDefaultTimeout(60_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      pageErrors.push(message.text());
  });
  return page;
}
