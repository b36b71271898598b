import type { Locator, Page } from 'playwright-core';

/** The Services view: start and stop, the services table, traffic replay. */
export class ServicesPage {
  readonly startButton: Locator;
  readonly stopButton: Locator;
  readonly table: Locator;
  readonly replayDataset: Locator;
  readonly replayRate: Locator;
  readonly replayLimit: Locator;
  readonly replayLabel: Locator;
  readonly replayButton: Locator;
  readonly replayProgress: Locator;

  constructor(readonly page: Page) {
    const view = page.getByTestId('view-services');
    this.startButton = view.getByRole('button', { name: 'Start services', exact: true });
    this.stopButton = view.getByRole('button', { name: 'Stop services', exact: true });
    this.table = page.getByTestId('services-table');
    this.replayDataset = page.getByTestId('replay-dataset');
    this.replayRate = view.getByLabel('Rows per second');
    this.replayLimit = view.getByLabel('Rows at most');
    this.replayLabel = view.getByLabel('Label column (optional)');
    this.replayButton = view.getByRole('button', { name: 'Replay traffic', exact: true });
    this.replayProgress = page.getByTestId('replay-progress');
  }
}
