import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/** The frame every view shares: the navigation, the live-updates state, the view's section. */
export class AppShell {
  constructor(readonly page: Page) {}

  /** A navigation link by its title (a badge such as the open-alert count may follow it). */
  nav(title: string): Locator {
    return this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: new RegExp(`^${title}`) });
  }

  view(name: string): Locator {
    return this.page.getByTestId(`view-${name}`);
  }

  get connection(): Locator {
    return this.page.getByTestId('connection-state');
  }

  /** Opens a view the way a user does, from the navigation, and waits for its section. */
  async open(name: string, title: string): Promise<Locator> {
    await this.nav(title).click();
    const view = this.view(name);
    await view.waitFor({ state: 'visible' });
    return view;
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path, fullPage: false });
    return path;
  }

  /** The dialog of a confirmation, by its confirm button's name. */
  async confirm(confirmLabel: string, reason?: string): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    await dialog.waitFor({ state: 'visible' });
    if (reason !== undefined) await dialog.getByRole('textbox').fill(reason);
    await dialog.getByRole('button', { name: confirmLabel, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
}
