import { join } from 'node:path';
import type { DatasetSnapshot } from '../main/data/index.js';
import { generateModelConfig, type TrainingResult, trainModel } from '../main/training/index.js';
import type { ModelFamilyName } from '../main/training/types.js';
import { timeRuns } from './stats.js';

/** Trains one family `runs` times on a snapshot as the app does (worker, package write); the times and the last result. */
export async function timeTraining(input: {
  snapshot: DatasetSnapshot;
  target: string;
  family: ModelFamilyName;
  dir: string;
  runs?: number;
}): Promise<{ seconds: number[]; result: TrainingResult | null }> {
  const { snapshot, family } = input;
  const config = generateModelConfig(snapshot.profile, input.target, { modelType: family, seed: 42 });
  let result: TrainingResult | null = null;
  let attempt = 0;
  const seconds = await timeRuns(input.runs ?? 3, async () => {
    result = await trainModel({
      config,
      datasetPath: snapshot.path,
      profile: snapshot.profile,
      packageDir: join(input.dir, `package-${family}-${attempt++}`),
    });
  });
  return { seconds, result };
}
