import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parquetFromCsv } from '../helpers/parquet-files.js';
import { tempDir } from '../helpers/workspace.js';
import { launchChromium, openPage } from './browser.js';
import { AppShell } from './pages/app-shell.js';
import { DataPage } from './pages/data-page.js';
import { DecisionsPage } from './pages/decisions-page.js';
import { ServicesPage } from './pages/services-page.js';
import { TrainPage } from './pages/train-page.js';
import { type PodiumUiProcess, startPodiumUi } from './podium-ui-process.js';

/**
 * A churn table as a spreadsheet in a German office exports it: `;` separators, decimal commas,
 * DD.MM.YYYY dates, a customer id, a few blank tariffs, yes/no in German. Seeded, so every run
 * reads the same file.
 */
function kundenabwanderungCsv(rows: number): string {
  let state = 2026;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const lines = ['kunde_id;vertragsbeginn;alter;monatsumsatz;tarif;beschwerden;gekuendigt'];
  for (let i = 1; i <= rows; i++) {
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const age = 18 + Math.floor(random() * 60);
    const revenue = 9.9 + random() * 90;
    const tariff = i % 23 === 0 ? '' : ['Basis', 'Komfort', 'Premium'][Math.floor(random() * 3)];
    const complaints = Math.floor(random() * 5);
    const risk = complaints * 0.9 + (tariff === 'Basis' ? 1.2 : 0) - revenue / 60 + random() * 2;
    lines.push(
      [
        `K-${String(10_000 + i)}`,
        `${String(day).padStart(2, '0')}.${String(month).padStart(2, '0')}.${2019 + (i % 5)}`,
        String(age),
        revenue.toFixed(2).replace('.', ','),
        tariff,
        String(complaints),
        risk > 2.2 ? 'ja' : 'nein',
      ].join(';'),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * A new user's own file in browser mode (issue 15): the European CSV is read with its dialect
 * shown before it is stored, trained naming only the target, registered under the file's name,
 * chosen in the model selector of every model-scoped view (remembered across a reload) and
 * checked for drift. Screenshots go to test-results/screenshots/european-*.png.
 */
describe('a European CSV of the user own, end to end in Chromium', { timeout: 300_000 }, () => {
  let ui: PodiumUiProcess;
  let browser: Browser;
  let page: Page;
  let shell: AppShell;
  const pageErrors: string[] = [];
  const dir = tempDir('podium-e2e-eu-');
  const file = join(dir, 'kundenabwanderung.csv');
  writeFileSync(file, kundenabwanderungCsv(600), 'utf8');

  before(async () => {
    ui = await startPodiumUi();
    browser = await launchChromium();
    page = await openPage(browser, pageErrors);
    shell = new AppShell(page);
    await page.goto(ui.launchUrl);
    await shell.view('overview').waitFor();
  });
  afterEach(async (context) => {
    const steps = join(process.cwd(), 'test-results', 'steps');
    mkdirSync(steps, { recursive: true });
    const name = (context as { name?: string }).name ?? 'step';
    await page?.screenshot({ path: join(steps, `eu-${name.replace(/[^\w]+/g, '-').slice(0, 56)}.png`) });
  });
  after(async () => {
    await browser?.close();
    if (ui) {
      const { code, output } = await ui.stop();
      assert.equal(code, 0, output);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('Data: the file shows its detected dialect before it is stored, and keeps it after', async () => {
    await shell.open('data', 'Data');
    const data = new DataPage(page);
    await data.chooseCsv('kundenabwanderung.csv', readFileSync(file, 'utf8'));
    await data.detectedDialect.waitFor();
    const detected = await data.detectedDialect.innerText();
    assert.match(detected, /semicolon \(;\)/);
    assert.match(detected, /decimal comma/);
    assert.match(detected, /vertragsbeginn: DD\.MM\.YYYY/);
    // The overrides start at "detected", naming what was detected.
    assert.match(await data.delimiter.locator('option:checked').innerText(), /detected: semicolon/);
    assert.match(await data.decimal.locator('option:checked').innerText(), /detected: decimal comma/);
    await shell.screenshot('european-data-dialect');

    await data.storeButton.click();
    await data.uploaded.getByText('kundenabwanderung.csv').waitFor();
    assert.match(await data.datasetDialect.innerText(), /semicolon \(;\).*decimal comma/s);
    const profile = await page.getByTestId('profile-table').innerText();
    assert.match(profile, /monatsumsatz\s+numeric/);
    assert.match(profile, /vertragsbeginn\s+date/);
    assert.match(profile, /kunde_id\s+id/);
    await data.target.selectOption('gekuendigt');
    await shell.screenshot('european-data');
  });

  it('Train: naming only the target registers the model under the file name', async () => {
    await shell.open('train', 'Train');
    const train = new TrainPage(page);
    // A quick model type keeps the walk short; the model is named by nobody.
    await train.chooseModelType('linear');
    await train.trainButton.click();
    await train.result.waitFor({ timeout: 120_000 });
    assert.match(await train.result.innerText(), /kundenabwanderung v1/);
    await shell.screenshot('european-train');
  });

  it('Decisions: the first version is evaluated for the chosen model and becomes champion', async () => {
    await shell.open('decisions', 'Decisions');
    const select = page.getByTestId('view-decisions').getByTestId('model-select');
    await select.locator('option', { hasText: 'kundenabwanderung' }).waitFor({ state: 'attached' });
    assert.equal(await select.inputValue(), 'kundenabwanderung');
    const decisions = new DecisionsPage(page);
    await decisions.challenger.locator('option', { hasText: 'v1' }).waitFor({ state: 'attached' });
    await decisions.evaluateButton.click();
    await decisions.detail.getByTestId('decision-acted').waitFor();
    assert.match(await decisions.detail.innerText(), /kundenabwanderung v1/);
  });

  it('Overview and Registry: the model selector lists the model and shows it', async () => {
    const overview = await shell.open('overview', 'Overview');
    const select = overview.getByTestId('model-select');
    await select.waitFor();
    assert.equal(await select.inputValue(), 'kundenabwanderung');
    await overview.getByRole('heading', { name: 'kundenabwanderung' }).waitFor();
    assert.equal(await overview.getByText(/several models/i).count(), 0);
    await shell.screenshot('european-overview');

    const registry = await shell.open('registry', 'Registry');
    const registrySelect = registry.getByTestId('model-select');
    await registrySelect.waitFor();
    assert.equal(await registrySelect.inputValue(), 'kundenabwanderung');
    await registry.getByText('champion').first().waitFor();
    await shell.screenshot('european-registry');
  });

  it('Drift: the file is checked against the champion of the chosen model', async () => {
    const view = await shell.open('drift', 'Drift');
    assert.equal(await view.getByTestId('model-select').inputValue(), 'kundenabwanderung');
    const choose = page.getByTestId('drift-dataset');
    await choose.locator('option', { hasText: 'kundenabwanderung.csv' }).waitFor({ state: 'attached' });
    await choose.selectOption({
      label: (await choose.locator('option', { hasText: 'kundenabwanderung.csv' }).innerText()).trim(),
    });
    await view.getByRole('button', { name: 'Check drift' }).click();
    await page.getByTestId('drift-headline').locator('.pill').waitFor();
    await view.getByText(/kundenabwanderung v1 · .* · 600 rows/).waitFor();
    assert.equal(await view.getByTestId('error-note').count(), 0);
    await page.getByTestId('drift-bars').waitFor();
    await shell.screenshot('european-drift');
  });

  it('a second model: the views use the chosen one, never "several models", and remember it', async () => {
    // A comma-separated price table, trained from the UI too: now the workspace has two models,
    // and "autopreise" comes first in the list.
    const prices = ['baujahr,km,ps,preis'];
    for (let i = 0; i < 300; i++) {
      const year = 2005 + (i % 18);
      const km = 5_000 + ((i * 7_919) % 200_000);
      const hp = 60 + ((i * 37) % 200);
      prices.push(`${year},${km},${hp},${Math.round(30_000 - km / 10 + hp * 80 + (year - 2005) * 900)}`);
    }
    await shell.open('data', 'Data');
    const data = new DataPage(page);
    await data.dropCsv('autopreise.csv', `${prices.join('\n')}\n`);
    await data.uploaded.getByText('autopreise.csv').waitFor();
    await data.target.selectOption('preis');
    await shell.open('train', 'Train');
    const train = new TrainPage(page);
    const option = train.dataset.locator('option', { hasText: 'autopreise.csv' });
    await option.waitFor({ state: 'attached' });
    await train.dataset.selectOption({ label: (await option.innerText()).trim() });
    await train.target.selectOption('preis');
    await train.chooseModelType('linear');
    await train.trainButton.click();
    await train.result.getByText(/autopreise v1/).waitFor({ timeout: 120_000 });

    for (const [name, title] of [
      ['overview', 'Overview'],
      ['registry', 'Registry'],
      ['decisions', 'Decisions'],
      ['shadow', 'Shadow tests'],
      ['drift', 'Drift'],
      ['services', 'Services'],
    ] as const) {
      const view = await shell.open(name, title);
      const select = view.getByTestId('model-select');
      await select.locator('option', { hasText: 'autopreise' }).waitFor({ state: 'attached' });
      assert.equal(await select.locator('option').count(), 2, `${title} lists both models`);
      await page.waitForLoadState('networkidle');
      assert.equal(await view.getByText(/several models/i).count(), 0, `${title} shows no "several models"`);
    }

    // Drift, chosen by hand: the other model has no report, this one keeps its own.
    const drift = await shell.open('drift', 'Drift');
    const select = drift.getByTestId('model-select');
    await select.selectOption('autopreise');
    await drift.getByText('No drift report yet').waitFor();
    await select.selectOption('kundenabwanderung');
    await drift.getByText(/kundenabwanderung v1 · .* · 600 rows/).waitFor();
    await shell.screenshot('european-model-selector');
  });

  it('the chosen model survives a reload, though another comes first', async () => {
    await page.reload();
    const view = await shell.open('drift', 'Drift');
    const select = view.getByTestId('model-select');
    await select.locator('option', { hasText: 'autopreise' }).waitFor({ state: 'attached' });
    assert.equal(await select.inputValue(), 'kundenabwanderung');
    await view.getByText(/kundenabwanderung v1 · .* · 600 rows/).waitFor();
    const overview = await shell.open('overview', 'Overview');
    assert.equal(await overview.getByTestId('model-select').inputValue(), 'kundenabwanderung');
    await overview.getByTestId('overview-other-models').waitFor();
    await shell.screenshot('european-overview-two-models');

    // Nothing remembered (a new browser): the first model, and still no "several models".
    await page.evaluate(() =>
      (globalThis as unknown as { localStorage: { removeItem(key: string): void } }).localStorage.removeItem(
        'podium.model',
      ),
    );
    await page.reload();
    for (const [name, title] of [
      ['drift', 'Drift'],
      ['decisions', 'Decisions'],
    ] as const) {
      const fresh = await shell.open(name, title);
      const choice = fresh.getByTestId('model-select');
      await choice.locator('option', { hasText: 'kundenabwanderung' }).waitFor({ state: 'attached' });
      assert.equal(await choice.inputValue(), 'autopreise');
      await page.waitForLoadState('networkidle');
      assert.equal(await fresh.getByText(/several models/i).count(), 0);
      assert.equal(await fresh.getByTestId('error-note').count(), 0, `${title} shows no error`);
    }
    assert.deepEqual(pageErrors, []);
  });

  it('Services: a replay with refused labels lists why, grouped by route, status and code', async () => {
    // New rows of the same export; every tenth label is "vielleicht", which a yes/no model refuses.
    const [header, ...rows] = kundenabwanderungCsv(200).trimEnd().split('\r\n');
    const relabelled = rows.map((row, i) => (i % 10 === 0 ? row.replace(/;(ja|nein)$/, ';vielleicht') : row));
    await shell.open('data', 'Data');
    const data = new DataPage(page);
    await data.dropCsv('kundenabwanderung-neu.csv', `${[header, ...relabelled].join('\r\n')}\r\n`);
    await data.uploaded.getByText('kundenabwanderung-neu.csv').waitFor();

    const view = await shell.open('services', 'Services');
    // The previous step left the first model chosen: the churn model is chosen here, by hand.
    await view.getByTestId('model-select').selectOption('kundenabwanderung');
    const services = new ServicesPage(page);
    await services.startButton.click();
    await services.table.getByText('kundenabwanderung:1').first().waitFor({ timeout: 90_000 });
    const option = services.replayDataset.locator('option', { hasText: 'kundenabwanderung-neu.csv' });
    await option.waitFor({ state: 'attached' });
    await services.replayDataset.selectOption({ label: (await option.innerText()).trim() });
    await services.replayRate.fill('200');
    await services.replayLimit.fill('200');
    await services.replayLabel.fill('gekuendigt');
    await services.replayButton.click();
    await services.replayProgress.getByText('succeeded').waitFor({ timeout: 90_000 });
    const headline = await page.getByTestId('replay-headline').innerText();
    assert.match(headline, /^200 rows sent: 200 answered, 0 failed; 180 labels stored, 20 refused/);
    const failures = page.getByTestId('replay-failures');
    const row = failures.locator('tbody tr').first();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[0], '/feedback');
    assert.equal(cells[1], '400');
    assert.equal(cells[3], '20');
    assert.match(cells[4], /line \d+: .*vielleicht/);
    await page.getByTestId('replay-report').scrollIntoViewIfNeeded();
    await shell.screenshot('european-replay-failures');

    await services.stopButton.click();
    await shell.confirm('Stop services');
    await view.getByText(/gateway kundenabwanderung: stopped/).waitFor();
  });

  it('Data: a Parquet file is stored with its own types, with no separator or date format to check', async () => {
    const csv = join(dir, 'kunden-export.csv');
    writeFileSync(csv, kundenabwanderungCsv(120).replaceAll(',', '.').replaceAll(';', ','));
    await parquetFromCsv(csv, join(dir, 'kunden-export.parquet'));
    await shell.open('data', 'Data');
    const data = new DataPage(page);
    await data.chooseFile('kunden-export.parquet', readFileSync(join(dir, 'kunden-export.parquet')));
    await data.uploaded.getByText('kunden-export.parquet').waitFor();
    assert.equal(await data.dialectCheck.count(), 0, 'no dialect step for Parquet');
    const profile = await page.getByTestId('profile-table').innerText();
    assert.match(profile, /monatsumsatz\s+numeric/);
    assert.match(profile, /gekuendigt\s+binary/);
    assert.match(profile, /vertragsbeginn\s+date/, 'DuckDB read the dates; Podium keeps them as dates');
    await shell.screenshot('european-data-parquet');
  });
});
