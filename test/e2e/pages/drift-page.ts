import type { Locator, Page } from 'playwright-core';

/** The Drift view's periods: the feature × period heatmap and the histograms of the cell clicked. */
export class DriftPage {
  readonly heatmap: Locator;
  readonly chunkDetail: Locator;
  readonly chunkHistogram: Locator;

  constructor(readonly page: Page) {
    this.heatmap = page.getByTestId('drift-chunks-heatmap');
    this.chunkDetail = page.getByTestId('drift-chunk-detail');
    this.chunkHistogram = page.getByTestId('drift-chunk-histogram');
  }

  /** The cell of one feature in one period, found by its accessible name ("age, 2024-W09: drift …"). */
  cell(feature: string, period: string): Locator {
    return this.heatmap.getByRole('button', {
      name: new RegExp(`^${escapeRegExp(feature)}, ${escapeRegExp(period)}:`),
    });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
