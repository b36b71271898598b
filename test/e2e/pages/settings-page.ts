import type { Locator, Page } from 'playwright-core';

/** The Settings view: the local config's YAML, its validation, and what a save did. */
export class SettingsPage {
  readonly yaml: Locator;
  readonly validation: Locator;
  readonly saveButton: Locator;
  readonly saved: Locator;
  readonly restartNeeded: Locator;
  readonly configTable: Locator;

  constructor(readonly page: Page) {
    const view = page.getByTestId('view-settings');
    this.yaml = page.getByTestId('settings-yaml');
    this.validation = page.getByTestId('settings-validation');
    this.saveButton = view.getByRole('button', { name: 'Save config', exact: true });
    this.saved = page.getByTestId('settings-saved');
    this.restartNeeded = page.getByTestId('settings-restart-needed');
    this.configTable = page.getByTestId('config-table');
  }

  /** Types the local config, waits for it to validate, saves it. */
  async save(yaml: string): Promise<void> {
    await this.yaml.fill(yaml);
    await this.validation.getByText('valid — ready to save').waitFor();
    await this.saveButton.click();
    await this.saved.waitFor();
  }
}
