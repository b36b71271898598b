import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { generateSampleData } from '../../main/data/index.js';
import { launchChromium, openPage } from './browser.js';
import { AppShell } from './pages/app-shell.js';
import { DataPage } from './pages/data-page.js';
import { DecisionsPage } from './pages/decisions-page.js';
import { ServicesPage } from './pages/services-page.js';
import { ShadowPage } from './pages/shadow-page.js';
import { TrainPage } from './pages/train-page.js';
import { type PodiumUiProcess, startPodiumUi } from './podium-ui-process.js';

/**
 * The analyst's journey in browser mode, in Debian's Chromium against `podium ui` run as a real
 * process: drop a CSV, train (live loss chart), evaluate and promote, train a challenger, start
 * its shadow test, start the services, replay labelled traffic, watch the shadow chart fill,
 * stop the services. Every view's screenshot is kept under test-results/screenshots/.
 */
describe('browser mode end to end in Chromium', { timeout: 240_000 }, () => {
  let ui: PodiumUiProcess;
  let browser: Browser;
  let page: Page;
  let shell: AppShell;
  const pageErrors: string[] = [];
  const csvText = generateSampleData({ samples: 1200, drift: false, seed: 21 });

  before(async () => {
    ui = await startPodiumUi();
    browser = await launchChromium();
    page = await openPage(browser, pageErrors);
    shell = new AppShell(page);
  });
  // The page after every step, for reading a failure: test-results/steps/<step>.png.
  afterEach(async (context) => {
    const dir = join(process.cwd(), 'test-results', 'steps');
    mkdirSync(dir, { recursive: true });
    const name = (context as { name?: string }).name ?? 'step';
    await page?.screenshot({ path: join(dir, `${name.replace(/[^\w]+/g, '-').slice(0, 60)}.png`) });
  });
  after(async () => {
    await browser?.close();
    if (ui) {
      const { code, output } = await ui.stop();
      assert.equal(code, 0, output);
      assert.match(output, /Stopped\./);
    }
  });

  it('opens with the token from the printed URL, then drops it from the address bar', async () => {
    await page.goto(ui.launchUrl);
    await shell.view('overview').waitFor();
    await shell.connection.getByText('Live updates: on').waitFor();
    assert.doesNotMatch(page.url(), /token=/);
    await shell.screenshot('overview-empty');
  });

  it('Data: a dropped CSV is stored, profiled, and its target chosen', async () => {
    await shell.open('data', 'Data');
    const data = new DataPage(page);
    await data.dropCsv('customers.csv', csvText);
    await data.uploaded.waitFor();
    assert.match(await data.uploaded.innerText(), /customers\.csv/);
    await data.target.selectOption('target');
    await shell.screenshot('data');
  });

  it('Train: training draws the loss per epoch, then registers a version', async () => {
    await shell.open('train', 'Train');
    const train = new TrainPage(page);
    await train.chooseModelType('ecd');
    await train.setEpochs(6);
    await train.trainButton.click();
    await train.lossChart.locator('.recharts-line').first().waitFor();
    await train.result.waitFor();
    assert.match(await train.result.innerText(), /v1/);
    assert.ok((await train.lossChart.locator('.recharts-line').count()) >= 1);
    await shell.screenshot('train');
  });

  it('Decisions: the first version is evaluated and promoted to champion', async () => {
    await shell.open('decisions', 'Decisions');
    const decisions = new DecisionsPage(page);
    await decisions.evaluateButton.click();
    await decisions.summary.waitFor();
    // The first version has no champion to beat: the evaluation itself promotes it, and the card
    // offers no Promote or Reject for what already happened.
    await decisions.detail.getByTestId('decision-acted').waitFor();
    assert.equal(await decisions.action('Promote').count(), 0);
    assert.equal(await decisions.action('Reject').count(), 0);
    await page
      .getByTestId('decisions-table')
      .getByText(/promot/i)
      .first()
      .waitFor();
    await shell.screenshot('decisions-promoted');
  });

  it('Decisions: a second version is trained, evaluated, and put into a shadow test', async () => {
    await shell.open('train', 'Train');
    const train = new TrainPage(page);
    await train.trainButton.click();
    await page.getByTestId('train-result').getByText(/v2/).first().waitFor();

    await shell.open('decisions', 'Decisions');
    const decisions = new DecisionsPage(page);
    await decisions.challenger.locator('option', { hasText: 'v2' }).waitFor({ state: 'attached' });
    await decisions.challenger.selectOption({
      label: (await decisions.challenger.locator('option', { hasText: 'v2' }).innerText()).trim(),
    });
    await decisions.evaluateButton.click();
    await decisions.detail.getByText(/v2/).first().waitFor();
    assert.notEqual((await decisions.summary.innerText()).trim(), '');
    await shell.screenshot('decisions');
    await decisions.action('Start shadow test').click();
    await shell.confirm('Start shadow test');
    await decisions.message.waitFor();
  });

  it('Shadow tests: the new test waits for paired traffic', async () => {
    await shell.open('shadow', 'Shadow tests');
    const shadow = new ShadowPage(page);
    await shadow.emptyChart.waitFor();
    await shadow.samples.waitFor();
  });

  it('Services: champion and shadow start, labelled traffic is replayed through the gateway', async () => {
    await shell.open('services', 'Services');
    const services = new ServicesPage(page);
    await services.startButton.click();
    await services.table.locator('tbody tr').nth(1).waitFor();
    await services.replayDataset.selectOption({ index: 1 });
    await services.replayRate.fill('200');
    await services.replayLimit.fill('400');
    await services.replayLabel.fill('target');
    await services.replayButton.click();
    await services.replayProgress.getByText('succeeded').waitFor({ timeout: 90_000 });
    await shell.screenshot('services');
  });

  it('Shadow tests: the chart moves once paired traffic has arrived', async () => {
    await shell.open('shadow', 'Shadow tests');
    const shadow = new ShadowPage(page);
    await shadow.chart.waitFor({ timeout: 60_000 });
    assert.ok((await shadow.chart.locator('svg').count()) >= 1);
    assert.doesNotMatch(await shadow.agreement.innerText(), /\b0 mirrored requests/);
    // The y axis follows the latest band (with padding), not the first pairs' ±1 and more.
    const domain = await page.getByTestId('shadow-chart-scale').getAttribute('data-y-domain');
    assert.notEqual(domain, 'auto');
    const [low, high] = (domain ?? '').split(',').map(Number);
    assert.ok(low < 0 || high > 0, `domain ${domain}`);
    assert.ok(high - low < 2, `the y axis spans ${domain}, far wider than a band`);
    const ticks = (
      await shadow.chart.locator('.recharts-yAxis .recharts-cartesian-axis-tick-value').allInnerTexts()
    ).map(Number);
    for (const tick of ticks.filter(Number.isFinite))
      assert.ok(tick >= low - 1e-9 && tick <= high + 1e-9, `tick ${tick}`);
    // One "pairs needed" figure, in the same words as the CLI.
    assert.match(
      await shadow.samples.innerText(),
      /\d+ in, (about [\d,]+ more labelled pairs?|no more labelled pairs needed|more labelled pairs needed)/,
    );
    await shell.screenshot('shadow');
  });

  it('Services: stopping leaves nothing running', async () => {
    await shell.open('services', 'Services');
    const services = new ServicesPage(page);
    await services.stopButton.click();
    await shell.confirm('Stop services');
    const view = page.getByTestId('view-services');
    await view.getByText(/gateway .*: stopped/).waitFor();
    const rows = services.table.locator('tbody tr');
    await rows.filter({ hasText: 'running' }).first().waitFor({ state: 'detached' });
    assert.equal(await rows.filter({ hasText: 'stopped' }).count(), await rows.count());
  });

  it('Experiments: two runs compared read as metric rows, parameters folded away', async () => {
    const view = await shell.open('experiments', 'Experiments');
    const ticks = view.getByRole('checkbox', { name: /^Compare run / });
    await ticks.nth(1).waitFor();
    await ticks.nth(0).check();
    await ticks.nth(1).check();
    await view.getByRole('button', { name: /^Compare 2 runs/ }).click();
    const metrics = page.getByTestId('run-comparison-metrics');
    await metrics.waitFor();
    assert.ok((await metrics.locator('tbody tr').count()) >= 1, 'one row per metric');
    assert.equal(await metrics.locator('thead th').count(), 3, 'the metric column and one column per run');
    // Two runs of one config and seed tie on every metric: no value is marked best.
    assert.ok(
      (await metrics.locator('.best-value').count()) < (await metrics.locator('tbody td.num').count()),
      'a tie is not marked as best everywhere',
    );
    const params = page.getByTestId('run-comparison-params');
    assert.equal(await params.getAttribute('open'), null, 'parameters start folded');
    await page.getByTestId('run-comparison-chart').waitFor();
    const box = await page.getByTestId('run-comparison').boundingBox();
    assert.ok(box !== null && box.width <= 1280, 'the comparison fits the window');
    await page.getByTestId('run-comparison').scrollIntoViewIfNeeded();
    await shell.screenshot('experiments-compare');
  });

  it('Headings focused by the app show no outline after a click; years print without separators', async () => {
    const view = await shell.open('data', 'Data');
    const heading = view.locator('h1').first();
    await heading.click();
    assert.equal(
      await heading.evaluate(
        (element) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string } }
          ).getComputedStyle(element).outlineStyle,
      ),
      'none',
    );
    const data = new DataPage(page);
    const years = [
      'year,amount',
      ...Array.from({ length: 80 }, (_, i) => `${1950 + (i % 20) * 3},${i * 3 + 1}`),
    ].join('\n');
    await data.dropCsv('years.csv', `${years}\n`);
    await page.getByTestId('upload-done').getByText('years.csv').waitFor();
    await view
      .getByText(/1950 … 2007/)
      .first()
      .waitFor();
    assert.equal(await view.getByText(/1,950/).count(), 0);
    await shell.screenshot('data-years');
  });

  it('Drift: the headline badge warns when features drifted below the dataset threshold', async () => {
    await shell.open('data', 'Data');
    // Mostly baseline rows with some drifted ones: a few features move, the dataset does not.
    const baseline = generateSampleData({ samples: 420, drift: false, seed: 5 }).trimEnd();
    const drifted = generateSampleData({ samples: 180, drift: true, seed: 6 }).trimEnd().split('\n').slice(1);
    await new DataPage(page).dropCsv('drifted.csv', `${[baseline, ...drifted].join('\n')}\n`);
    await page.getByTestId('upload-done').getByText('drifted.csv').waitFor();
    const view = await shell.open('drift', 'Drift');
    const choose = page.getByTestId('drift-dataset');
    await choose.locator('option', { hasText: 'drifted.csv' }).waitFor({ state: 'attached' });
    await choose.selectOption({
      label: (await choose.locator('option', { hasText: 'drifted.csv' }).innerText()).trim(),
    });
    await view.getByRole('button', { name: 'Check drift' }).click();
    const badge = page.getByTestId('drift-headline').locator('.pill');
    await badge.waitFor();
    const share = await badge.innerText();
    const title = await view
      .getByText(/^(Dataset drift detected|No dataset drift)$/)
      .first()
      .innerText();
    const tone = await badge.getAttribute('class');
    // These seeded rows drift 2 of 13 features, below the dataset threshold.
    assert.equal(title, 'No dataset drift');
    assert.doesNotMatch(share, /^0\.0%/);
    assert.match(tone ?? '', /\bwarn\b/, `"${title}: ${share}" is a warning, not a green badge`);
    // A stored dataset gets the multivariate checks too: both, each with its verdict.
    const multivariate = page.getByTestId('drift-multivariate');
    await multivariate.waitFor();
    assert.deepEqual(
      await multivariate
        .locator('[data-method]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-method'))),
      ['pca_reconstruction', 'domain_classifier'],
    );
    await shell.screenshot('drift-checked');
  });

  it('Registry: the Rollout panel reads the guarded rollout of the champion', async () => {
    await shell.open('registry', 'Registry');
    const panel = page.getByTestId('rollout-panel');
    // The first champion has nothing to roll back to, so it never bakes; the panel says so.
    await panel.getByText(/The champion is not baking/).waitFor();
    assert.match((await panel.innerText()) ?? '', /baking period after a promotion \(\d/);
  });

  it('keeps a screenshot of every view at 1280×800', async () => {
    const all: [string, string][] = [
      ['overview', 'Overview'],
      ['experiments', 'Experiments'],
      ['registry', 'Registry'],
      ['drift', 'Drift'],
      ['scheduler', 'Scheduler'],
      ['alerts', 'Alerts'],
      ['settings', 'Settings'],
    ];
    for (const [name, title] of all) {
      await shell.open(name, title);
      await page.waitForLoadState('networkidle');
      await shell.screenshot(name);
    }
    assert.deepEqual(pageErrors, []);
  });
});
