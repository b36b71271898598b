import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { podium } from '../helpers/cli.js';
import { tempDir } from '../helpers/workspace.js';
import { launchChromium, openPage } from './browser.js';
import { SCREENSHOT_DIR } from './pages/app-shell.js';

/** A column name and a category that would be markup if the page did not escape them. */
const HOSTILE_COLUMN = '<script>alert(1)</script>';
const HOSTILE_CATEGORY = `a&"'b`;

/**
 * A small churn table; `drifted` raises monthly spend and brings a plan never seen in training,
 * so the check finds dataset drift. Deterministic, so every run reads the same files.
 */
function churnCsv(rows: number, drifted: boolean): string {
  const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const plans = drifted ? ['basic', 'pro', HOSTILE_CATEGORY, 'max'] : ['basic', 'pro', HOSTILE_CATEGORY];
  const lines = [`age,${quote(HOSTILE_COLUMN)},monthly,tenure,churned`];
  for (let i = 0; i < rows; i++) {
    const monthly = 10 + ((i * 37) % 90) + (drifted ? 20 + ((i * 7) % 20) : 0);
    const tenure = (i * 13) % 60;
    const churned = (monthly > 60 && tenure < 20) || i % 11 === 0 ? 1 : 0;
    lines.push(`${18 + (i % 60)},${quote(plans[i % plans.length])},${monthly},${tenure},${churned}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `podium drift --html` end to end: the real CLI trains a model and checks drifted data, and the
 * page it writes is opened from disk in Chromium with JavaScript off and the network closed. The
 * screenshot is test-results/screenshots/drift-report.png.
 */
describe('the drift report as an offline HTML page, in Chromium', { timeout: 120_000 }, () => {
  const dir = tempDir('podium-e2e-drift-html-');
  const workspace = join(dir, 'ws');
  const env = { PODIUM_TRAINING_MODEL_TYPE: 'linear', PODIUM_MONITORING_METRICS_PORT: '0' };
  const run = (args: string[]) => podium(['--workspace', workspace, ...args], { cwd: dir, env });
  let browser: Browser;

  before(() => {
    writeFileSync(join(dir, 'churn.csv'), churnCsv(300, false));
    writeFileSync(join(dir, 'current.csv'), churnCsv(300, true));
    const trained = run(['train', '--data', 'churn.csv', '--target', 'churned', '--auto-evaluate']);
    assert.equal(trained.status, 0, trained.stderr);
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a bad --html path is refused by name before any work, never as an internal error', () => {
    for (const [target, why] of [
      [join(dir, 'no-such-folder', 'out.html'), /the folder .*no-such-folder does not exist/],
      [dir, /is a folder; give a file name inside it/],
    ] as const) {
      const refused = run(['drift', '--data', 'current.csv', '--html', target]);
      assert.equal(refused.status, 2, refused.stderr);
      assert.ok(refused.stderr.includes(target), refused.stderr);
      assert.match(refused.stderr, why);
      assert.doesNotMatch(refused.stderr + refused.stdout, /Internal error|^\s+at /m);
    }
  });

  it('writes the page beside --json and it shows the verdict and a histogram per feature offline', async () => {
    const out = join(dir, 'out.html');
    const checked = run(['drift', '--data', 'current.csv', '--html', out, '--json']);
    assert.equal(checked.status, 0, checked.stderr);
    // stdout stays the JSON document alone; where the page went is said on stderr.
    const stored = JSON.parse(checked.stdout) as {
      report: { dataset_drift: boolean; features: { name: string }[]; prediction?: { name: string } };
    };
    assert.ok(checked.stderr.includes(`Wrote the HTML report to ${out}`), checked.stderr);
    assert.equal(stored.report.dataset_drift, true, checked.stdout);

    browser = await launchChromium();
    const pageErrors: string[] = [];
    const page = await openPage(browser, pageErrors, { javaScriptEnabled: false });
    const attempted: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      attempted.push(url);
      return route.abort();
    });
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(pathToFileURL(out).href);

    assert.equal(await page.locator('#verdict').innerText(), 'Dataset drift');
    const names = [
      ...stored.report.features.map((feature) => feature.name),
      ...(stored.report.prediction ? [stored.report.prediction.name] : []),
    ];
    assert.ok(names.includes(HOSTILE_COLUMN), names.join(', '));
    const cards = page.locator('article.feature[data-feature]');
    assert.equal(await cards.count(), names.length);
    const headings = (await cards.locator('h3').allInnerTexts()).map((text) =>
      text.replace(/\s+prediction$/, ''),
    );
    assert.deepEqual([...headings].sort(), [...names].sort());
    for (let i = 0; i < names.length; i++)
      assert.equal(await cards.nth(i).locator('svg.histogram').count(), 1, `no histogram for ${headings[i]}`);
    // The hostile names are text on the page, not markup run by it.
    const hostileCard = cards.filter({ hasText: HOSTILE_COLUMN });
    assert.equal(await hostileCard.count(), 1);
    assert.equal(await hostileCard.locator('svg.histogram title', { hasText: HOSTILE_CATEGORY }).count(), 1);
    assert.equal(await page.locator('script').count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(attempted, [], `the page asked the network for ${attempted.join(', ')}`);
    assert.deepEqual(pageErrors, []);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'drift-report.png'), fullPage: true });
  });
});
