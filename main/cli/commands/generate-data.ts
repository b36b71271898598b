import type { Command } from 'commander';
import { runPlain } from '../context.js';
import { print, printJson } from '../output.js';
import { nonNegativeInteger, positiveInteger } from '../parse-options.js';

export function registerGenerateData(program: Command): void {
  program
    .command('generate-data')
    .description(
      'Write a synthetic credit-risk CSV (baseline_full.csv, or drift_full.csv with --generate-drift)',
    )
    .requiredOption('--samples <n>', 'number of rows', positiveInteger)
    .option('--generate-drift', 'shift feature distributions and the feature–target relation', false)
    .option('--seed <n>', 'random seed (same seed, same bytes)', nonNegativeInteger, 42)
    .option('--output-dir <dir>', 'folder to write into', 'data/raw')
    .option('--json', 'print the result as JSON')
    .action(
      async (
        options: { samples: number; generateDrift: boolean; seed: number; outputDir: string },
        command: Command,
      ) => {
        await runPlain(command, async (json) => {
          const { generateSampleData } = await import('../../app/without-workspace.js');
          const file = await generateSampleData({
            samples: options.samples,
            drift: options.generateDrift,
            seed: options.seed,
            outputDir: options.outputDir,
          });
          if (json)
            printJson({ file, samples: options.samples, drift: options.generateDrift, seed: options.seed });
          else print(`Wrote ${options.samples} rows to ${file}`);
        });
      },
    );
}
