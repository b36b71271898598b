import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathExists } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import type { ServiceSpec } from '../service-spec.js';
import type { DockerRuntime } from './docker-runtime.js';
import { isDockerAvailable } from './engine.js';

export type SavedImage = { image: string; file: string; bytes: number; built: boolean };

/**
 * Saves a version's service image as `docker save` would (the engine's image export), for a
 * cluster's registry (`docker load -i FILE && docker push`). The image is built first when it is
 * missing or stale, exactly as the Docker runtime would build it before starting the service.
 * The tar is written beside the target and renamed at the end, so a failed export leaves no file.
 */
export async function saveModelImage(
  runtime: DockerRuntime,
  spec: ServiceSpec,
  file: string,
): Promise<SavedImage> {
  const target = resolve(file);
  if (await pathExists(target)) {
    throw new PodiumError('CONFLICT', `${target} already exists; choose a new file name`, { file: target });
  }
  if (!(await pathExists(dirname(target)))) {
    throw new PodiumError('NOT_FOUND', `The folder ${dirname(target)} does not exist`, { file: target });
  }
  const engine = await isDockerAvailable(runtime.docker);
  if (!engine.ok) {
    throw new PodiumError(
      'UNAVAILABLE',
      `Cannot export the service image: no Docker engine answers (${engine.reason}). The ONNX (--format onnx) and archive exports need none`,
      { reason: engine.reason },
    );
  }
  const { model } = await runtime.prepareImages(spec).catch((error: unknown) => {
    throw engineFailure('Building the service image failed', error);
  });
  const partial = `${target}.partial-${process.pid}`;
  try {
    const stream = await runtime.docker.getImage(model.ref).get();
    await pipeline(stream, createWriteStream(partial, { flags: 'wx' }));
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    throw engineFailure(`Saving ${model.ref} to ${target} failed`, error);
  }
  return { image: model.ref, file: target, bytes: (await stat(target)).size, built: model.built };
}

/** The engine's or the file system's own words, under what was being done: never an internal error. */
function engineFailure(doing: string, error: unknown): PodiumError {
  if (error instanceof PodiumError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new PodiumError('UNAVAILABLE', `${doing}: ${reason}`, { reason });
}
