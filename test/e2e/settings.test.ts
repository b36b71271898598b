import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { freeLoopbackPort } from '../helpers/docker.js';
import { launchChromium, openPage } from './browser.js';
import { AppShell } from './pages/app-shell.js';
import { SettingsPage } from './pages/settings-page.js';
import { type PodiumUiProcess, startPodiumUi } from './podium-ui-process.js';

/**
 * Settings apply when saved, in Chromium against `podium ui` run as a real process: a schedule
 * saved in the Settings view is the one the Scheduler view shows next, and a port change says
 * it needs a restart.
 */
describe('Settings in Chromium: saved settings apply, or say they need a restart', {
  timeout: 120_000,
}, () => {
  let ui: PodiumUiProcess;
  let browser: Browser;
  let page: Page;
  let shell: AppShell;
  const pageErrors: string[] = [];

  before(async () => {
    ui = await startPodiumUi();
    browser = await launchChromium();
    page = await openPage(browser, pageErrors);
    shell = new AppShell(page);
    await page.goto(ui.launchUrl);
    await shell.view('overview').waitFor();
  });
  after(async () => {
    await browser?.close();
    if (ui) {
      const { code, output } = await ui.stop();
      assert.equal(code, 0, output);
    }
  });

  it('a saved cycle cron is applied at once; a saved gateway port waits for a restart', async () => {
    await shell.open('settings', 'Settings');
    const settings = new SettingsPage(page);
    await settings.configTable.waitFor();
    const otherPort = await freeLoopbackPort();
    await settings.save(`scheduler:\n  cycle_cron: "17 3 * * *"\nserving:\n  port: ${otherPort}\n`);
    assert.match(await settings.saved.innerText(), /Applied now: scheduler\.cycle_cron/);
    const restart = await settings.restartNeeded.innerText();
    assert.match(restart, /Restart needed for: serving\.port/);
    assert.match(restart, /gateway port is bound when the app starts/);
    assert.match(readFileSync(join(ui.dir, 'config.local.yaml'), 'utf8'), new RegExp(`port: ${otherPort}`));
    await settings.restartNeeded.scrollIntoViewIfNeeded();
    await shell.screenshot('settings-saved');

    await shell.open('scheduler', 'Scheduler');
    const cycle = page.getByTestId('scheduler-jobs').getByRole('row').filter({ hasText: 'cycle' });
    await cycle.getByText('17 3 * * *').waitFor();

    // Back on Settings the pending restart is still named.
    await shell.open('settings', 'Settings');
    await settings.restartNeeded.getByText('Restart needed for: serving.port').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
