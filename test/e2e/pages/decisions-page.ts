import type { Locator, Page } from 'playwright-core';

/** The Decisions view: evaluate a challenger, read the decision, act on it. */
export class DecisionsPage {
  readonly challenger: Locator;
  readonly evaluateButton: Locator;
  readonly detail: Locator;
  readonly summary: Locator;
  readonly message: Locator;

  constructor(readonly page: Page) {
    const view = page.getByTestId('view-decisions');
    this.challenger = page.getByTestId('challenger-select');
    this.evaluateButton = view.getByRole('button', { name: 'Evaluate', exact: true });
    this.detail = page.getByTestId('decision-detail');
    this.summary = page.getByTestId('decision-summary');
    this.message = page.getByTestId('decision-message');
  }

  action(name: 'Promote' | 'Reject' | 'Start shadow test'): Locator {
    return this.detail.getByRole('button', { name, exact: true });
  }
}
