import type { Locator, Page } from 'playwright-core';

/** The Train view: the form, the YAML beside it, the live loss chart and the result. */
export class TrainPage {
  readonly dataset: Locator;
  readonly target: Locator;
  readonly modelType: Locator;
  readonly yaml: Locator;
  readonly trainButton: Locator;
  readonly progress: Locator;
  readonly lossChart: Locator;
  readonly result: Locator;

  constructor(readonly page: Page) {
    const view = page.getByTestId('view-train');
    this.dataset = page.getByTestId('train-dataset');
    this.target = page.getByTestId('train-target');
    this.modelType = page.getByTestId('train-model-type');
    this.yaml = page.getByTestId('train-yaml');
    this.trainButton = view.getByRole('button', { name: 'Train', exact: true });
    this.progress = page.getByTestId('train-progress');
    // The chart itself, not its "waiting for the first epoch" placeholder.
    this.lossChart = page.locator('figure[data-testid="loss-chart"]');
    this.result = page.getByTestId('train-result');
  }

  /**
   * Chooses a model type and waits for its config template to replace the YAML: text edited
   * before the template arrives is replaced by it (under load the click on Train then found
   * an emptied, invalid YAML and a disabled button).
   */
  async chooseModelType(modelType: string): Promise<void> {
    await this.modelType.selectOption(modelType);
    const template = new RegExp(`^\\s*model_type:\\s*['"]?${modelType}\\b`, 'm');
    const deadline = Date.now() + 60_000;
    while (!template.test(await this.yaml.inputValue())) {
      if (Date.now() > deadline) throw new Error(`The ${modelType} template never replaced the YAML`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Edits the YAML as a user would: fewer epochs, so the end-to-end run stays short. */
  async setEpochs(epochs: number): Promise<void> {
    await this.yaml.waitFor({ state: 'visible' });
    const text = await this.yaml.inputValue();
    const edited = text.replace(/^(\s*)epochs:\s*\d+/m, `$1epochs: ${epochs}`);
    await this.yaml.fill(edited);
  }
}
