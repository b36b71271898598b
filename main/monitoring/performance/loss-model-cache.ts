import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TEMP_MARKER } from '../../common/files.js';
import type { Table } from '../../data/types.js';
import type { Predictor } from '../../training/index.js';
import { loadTreeModel } from '../../training/trees/index.js';
import { fitLossModels, type LossEstimate, type LossModels, lossModelsOf } from './direct-loss-estimation.js';

/**
 * Direct Loss Estimation fits two gradient boosted trees per version, seconds each, and their
 * inputs never change for a version: its package and the held-out rows of its training dataset.
 * So the fitted trees are kept on disk, one folder per version and reference, and the Overview's
 * performance chart refits only the first time (a model package is immutable, so they cannot
 * live in it). A folder that is missing or unreadable is simply fitted again.
 */
const FORMAT = 'podium-loss-models';
/** Raised when the loss models' features or settings change, so old folders are not read. */
const FORMAT_VERSION = 1;
const META_FILE = 'loss-models.json';

type Meta = {
  format: typeof FORMAT;
  version: typeof FORMAT_VERSION;
  referenceRows: number;
  reference: LossEstimate;
};

/** What identifies a version's loss models: the package's content and the reference rows it was fitted on. */
export type LossModelKey = {
  modelName: string;
  version: number;
  packageSha256: string;
  datasetId: string;
  split: unknown;
  seed: number;
};

/** The folder a version's loss models are kept in, under the workspace's artifacts. */
export function lossModelDir(artifactsDir: string, key: LossModelKey): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([FORMAT_VERSION, key.packageSha256, key.datasetId, key.split ?? null, key.seed]))
    .digest('hex')
    .slice(0, 16);
  return join(artifactsDir, 'loss-models', encodeURIComponent(key.modelName), `v${key.version}-${digest}`);
}

/**
 * The version's loss models from `dir`, or fitted on the reference and written there. `fitted`
 * says which, so a caller (and a test) can tell a refit from a cache hit without a clock.
 */
export async function cachedLossModels(
  predictor: Predictor,
  /** Read only on a miss: loading the training dataset is most of what a cache hit saves. */
  reference: () => Promise<{ table: Table; rows: Uint32Array }>,
  dir: string,
): Promise<{ loss: LossModels; fitted: boolean }> {
  const kept = await readKept(predictor, dir);
  if (kept !== null) return { loss: kept, fitted: false };
  const { table, rows } = await reference();
  const loss = await fitLossModels(predictor, table, rows);
  // A folder there but unreadable (a format of another release, a damaged file) is replaced.
  await rm(dir, { recursive: true, force: true });
  await keep(loss, dir);
  return { loss, fitted: true };
}

async function readKept(predictor: Predictor, dir: string): Promise<LossModels | null> {
  try {
    const meta = JSON.parse(await readFile(join(dir, META_FILE), 'utf8')) as Meta;
    if (meta.format !== FORMAT || meta.version !== FORMAT_VERSION) return null;
    const target = { task: 'number' as const };
    const [absolute, squared] = await Promise.all([
      loadTreeModel(join(dir, 'absolute'), 'gbm', target),
      loadTreeModel(join(dir, 'squared'), 'gbm', target),
    ]);
    return lossModelsOf(predictor, {
      absolute,
      squared,
      referenceRows: meta.referenceRows,
      reference: meta.reference,
    });
  } catch {
    return null;
  }
}

/**
 * Written to a temporary folder and renamed into place, so a reader never sees half a cache; two
 * checks racing both fit, and the second rename finds the folder there and leaves it.
 */
async function keep(loss: LossModels, dir: string): Promise<void> {
  // Named with the temp marker, so `podium doctor` finds one a crash left behind.
  const temp = join(dirname(dir), `${TEMP_MARKER}${basename(dir)}-${randomUUID()}`);
  try {
    await mkdir(join(temp, 'absolute'), { recursive: true });
    await mkdir(join(temp, 'squared'), { recursive: true });
    await loss.fitted.absolute.save(join(temp, 'absolute'));
    await loss.fitted.squared.save(join(temp, 'squared'));
    const meta: Meta = {
      format: FORMAT,
      version: FORMAT_VERSION,
      referenceRows: loss.referenceRows,
      reference: loss.reference,
    };
    await writeFile(join(temp, META_FILE), `${JSON.stringify(meta)}\n`);
    await rename(temp, dir);
  } catch {
    // Keeping them only saves time; the estimate stands without.
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
