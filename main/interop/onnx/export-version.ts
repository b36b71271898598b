import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pathExists, writeFileAtomic } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import { type ModelVersion, verifyPackage } from '../../registry/index.js';
import { writeMlflowModelDir } from './mlflow-model-dir.js';
import { packageToOnnx } from './package-to-onnx.js';

export type PortableFormat = 'onnx' | 'mlflow';

export type PortableExport = { file: string; files: number };

/**
 * Writes one version as an ONNX file or an MLflow model directory. The package is verified
 * against the registry's hash first, as for a Podium export, so a damaged package is never
 * translated. The target is checked before the graph is built, so a typo costs nothing.
 */
export async function exportPortable(
  version: ModelVersion,
  target: string,
  format: PortableFormat,
): Promise<PortableExport> {
  const path = resolve(target);
  if (format === 'onnx') await checkNewFile(path);
  await verifyPackage(version.packagePath, version.packageSha256);
  const exported = await packageToOnnx(version.packagePath, {
    name: version.modelName,
    version: version.version,
  });
  if (format === 'mlflow') {
    const report = await writeMlflowModelDir(path, exported, {
      name: version.modelName,
      version: version.version,
    });
    return { file: report.dir, files: report.files.length };
  }
  try {
    await writeFileAtomic(path, exported.bytes);
  } catch (error) {
    throw new PodiumError('USAGE', `Cannot write ${path}: ${(error as Error).message}`, { file: path });
  }
  return { file: path, files: 1 };
}

async function checkNewFile(path: string): Promise<void> {
  if (await pathExists(path)) {
    throw new PodiumError('CONFLICT', `${path} already exists; choose a new file name`, { file: path });
  }
  const folder = dirname(path);
  const parent = await stat(folder).catch(() => null);
  if (!parent?.isDirectory()) {
    throw new PodiumError('USAGE', `Cannot write ${path}: the folder ${folder} does not exist`, {
      file: path,
    });
  }
}
