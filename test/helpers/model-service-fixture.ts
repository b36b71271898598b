import type { FastifyInstance } from 'fastify';
import { createModelService, type ModelServiceOptions } from '../../main/serving/model-service.js';
import { type TrainedWorkspace, trainedWorkspace } from './trained-workspace.js';

export type ServedChampion = { trained: TrainedWorkspace; app: FastifyInstance };

/** A trained workspace's champion in an in-process model service, loaded and ready. */
export async function servedChampion(
  options: Partial<Pick<ModelServiceOptions, 'batchLimit' | 'bodyLimitBytes'>> = {},
): Promise<ServedChampion> {
  const trained = await trainedWorkspace({ samples: 1500 });
  const service = await createModelService({
    packageDir: trained.champion.packagePath,
    environment: 'dev',
    role: 'champion',
    ...options,
  });
  await service.ready;
  return { trained, app: service.app };
}

/** A model package in an in-process model service (champion, dev), loaded and ready. */
export async function servedPackage(packageDir: string): Promise<FastifyInstance> {
  const service = await createModelService({ packageDir, environment: 'dev', role: 'champion' });
  await service.ready;
  return service.app;
}

/** Closes what servedChampion started (whatever part of it did start). */
export async function closeServedChampion(served: Partial<ServedChampion> | undefined): Promise<void> {
  await served?.app?.close();
  served?.trained?.workspace.cleanup();
}
