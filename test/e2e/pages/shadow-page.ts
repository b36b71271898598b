import type { Locator, Page } from 'playwright-core';

/** The Shadow tests view: the samples bar, the agreement figure and the difference chart. */
export class ShadowPage {
  readonly samples: Locator;
  readonly agreement: Locator;
  readonly chart: Locator;
  readonly emptyChart: Locator;

  constructor(readonly page: Page) {
    this.samples = page.getByTestId('shadow-samples');
    this.agreement = page.getByTestId('shadow-agreement');
    this.chart = page.locator('figure[data-testid="shadow-chart"]');
    this.emptyChart = page.locator('div[data-testid="shadow-chart"]');
  }
}
