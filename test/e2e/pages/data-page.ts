import type { Locator, Page } from 'playwright-core';

/** The Data view: the drop zone, the stored-notice, the target choice. */
export class DataPage {
  readonly dropZone: Locator;
  readonly uploaded: Locator;
  readonly target: Locator;
  readonly profile: Locator;

  constructor(readonly page: Page) {
    this.dropZone = page.getByTestId('csv-drop');
    this.uploaded = page.getByTestId('upload-done');
    this.target = page.getByTestId('target-select');
    this.profile = page.getByTestId('view-data').getByRole('table').first();
  }

  /** Drops a CSV on the drop zone as a file dragged from the desktop would arrive. */
  async dropCsv(fileName: string, csvText: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, text }) => {
        // Runs in the page: DOM constructors, typed here without the DOM library.
        const dom = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: string[], name: string, options: { type: string }) => unknown;
        };
        const transfer = new dom.DataTransfer();
        transfer.items.add(new dom.File([text], name, { type: 'text/csv' }));
        return transfer;
      },
      { name: fileName, text: csvText },
    );
    await this.dropZone.dispatchEvent('dragover', { dataTransfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer });
  }
}
