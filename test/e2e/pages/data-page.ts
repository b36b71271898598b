import type { Locator, Page } from 'playwright-core';

/** The Data view: the drop zone, the dialect check before storing, the stored-notice, the target choice. */
export class DataPage {
  readonly dropZone: Locator;
  readonly uploaded: Locator;
  readonly target: Locator;
  readonly profile: Locator;
  /** How a chosen file reads (separator, decimal mark, dates), shown before it is stored. */
  readonly dialectCheck: Locator;
  readonly detectedDialect: Locator;
  readonly delimiter: Locator;
  readonly decimal: Locator;
  readonly dateFormat: Locator;
  readonly storeButton: Locator;
  /** The dialect the selected dataset was read with. */
  readonly datasetDialect: Locator;

  constructor(readonly page: Page) {
    this.dropZone = page.getByTestId('csv-drop');
    this.uploaded = page.getByTestId('upload-done');
    this.target = page.getByTestId('target-select');
    this.profile = page.getByTestId('view-data').getByRole('table').first();
    this.dialectCheck = page.getByTestId('dialect-check');
    this.detectedDialect = page.getByTestId('dialect-detected');
    this.delimiter = page.getByTestId('dialect-delimiter');
    this.decimal = page.getByTestId('dialect-decimal');
    this.dateFormat = page.getByTestId('dialect-date-format');
    this.storeButton = this.dialectCheck.getByRole('button', { name: 'Store dataset', exact: true });
    this.datasetDialect = page.getByTestId('dataset-dialect');
  }

  /** Drops a CSV and stores it as read (the detected dialect), as most files need. */
  async dropCsv(fileName: string, csvText: string): Promise<void> {
    await this.chooseCsv(fileName, csvText);
    await this.detectedDialect.waitFor();
    await this.storeButton.click();
  }

  /** Drops a CSV on the drop zone as a file dragged from the desktop would arrive; it waits to be stored. */
  async chooseCsv(fileName: string, csvText: string): Promise<void> {
    await this.chooseFile(fileName, Buffer.from(csvText, 'utf8'));
  }

  /** Drops any file (a Parquet file's bytes, say) on the drop zone. */
  async chooseFile(fileName: string, bytes: Buffer): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ({ name, base64 }) => {
        // Runs in the page: DOM constructors, typed here without the DOM library.
        const dom = globalThis as unknown as {
          DataTransfer: new () => { items: { add(file: unknown): void } };
          File: new (parts: Uint8Array[], name: string) => unknown;
          atob(text: string): string;
        };
        const binary = dom.atob(base64);
        const content = Uint8Array.from(binary, (char) => char.charCodeAt(0));
        const transfer = new dom.DataTransfer();
        transfer.items.add(new dom.File([content], name));
        return transfer;
      },
      { name: fileName, base64: bytes.toString('base64') },
    );
    await this.dropZone.dispatchEvent('dragover', { dataTransfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer });
  }
}
