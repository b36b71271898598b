import { open, stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ApiContext } from '../app/api-context.js';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers, ServiceMetricsPoint } from '../contract/index.js';
import { ServiceMetricsStore } from '../monitoring/service-metrics/index.js';
import { replay } from './replay.js';

type Names =
  | 'services.status'
  | 'services.start'
  | 'services.stop'
  | 'services.restart'
  | 'services.logs'
  | 'services.metrics'
  | 'replay.start';

const serviceId = z.string().regex(/^.+:\d+$/, 'expected <model>:<version>, e.g. sales:3');

function parseServiceId(id: string): { model: string; version: number } {
  const at = id.lastIndexOf(':');
  return { model: id.slice(0, at), version: Number(id.slice(at + 1)) };
}

/** Log files can be large: only the tail is read, from the end backwards. */
const TAIL_BYTES = 512 * 1024;

async function tailFile(file: string, lines: number): Promise<string[]> {
  const size = (await stat(file)).size;
  const start = Math.max(0, size - TAIL_BYTES);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8').split('\n');
    if (start > 0) text.shift();
    if (text.at(-1) === '') text.pop();
    return text.slice(-lines);
  } finally {
    await handle.close();
  }
}

export function servingHandlers(context: ApiContext): DomainHandlers<Names> {
  const { workspace, serving, manager, jobs } = context;
  const metrics = new ServiceMetricsStore(workspace.db);
  const modelName = (model: string | undefined) => model ?? workspace.config.training.model_name;
  const record = (id: string) => {
    const { model, version } = parseServiceId(id);
    const service = serving.services(model).find((s) => s.version === version);
    if (!service)
      throw new PodiumError('NOT_FOUND', `No service ${id}`, { field: 'serviceId', serviceId: id });
    return service;
  };
  return {
    'services.status': defineOperation('services.status', z.strictObject({}), () => serving.status()),
    'services.start': defineOperation(
      'services.start',
      z.strictObject({
        model: z.string().min(1).optional(),
        runtime: z.enum(['process', 'docker']).optional(),
        gatewayPort: z.number().int().min(1).max(65_535).optional(),
      }),
      async ({ model, runtime, gatewayPort }) => {
        const name = modelName(model);
        if (!manager.versionStore.modelTask(name)) {
          throw new PodiumError('NOT_FOUND', `No model named ${name}; train one first`, { field: 'model' });
        }
        await serving.start(name, { runtime, gatewayPort });
        return serving.status();
      },
    ),
    'services.stop': defineOperation(
      'services.stop',
      z.strictObject({ model: z.string().min(1).optional() }),
      async ({ model }) => {
        await serving.stop(model);
        return serving.status();
      },
    ),
    'services.restart': defineOperation('services.restart', z.strictObject({ serviceId }), async (input) => {
      const { model, version } = parseServiceId(input.serviceId);
      await serving.restart(model, version);
      return serving.status();
    }),
    'services.logs': defineOperation(
      'services.logs',
      z.strictObject({ serviceId, lines: z.number().int().min(1).max(5_000).optional() }),
      async (input) => {
        const lines = input.lines ?? 200;
        const service = record(input.serviceId);
        const live = await serving.liveLogs(service.model, service.version, lines);
        if (live !== null) {
          const split = live.split('\n');
          if (split.at(-1) === '') split.pop();
          return { serviceId: input.serviceId, file: service.logFile, lines: split.slice(-lines) };
        }
        if (service.logFile === null) return { serviceId: input.serviceId, file: null, lines: [] };
        const tail = await tailFile(service.logFile, lines).catch(() => [] as string[]);
        return { serviceId: input.serviceId, file: service.logFile, lines: tail };
      },
    ),
    'services.metrics': defineOperation(
      'services.metrics',
      z.strictObject({
        serviceId,
        resolution: z.enum(['raw', 'minute']).optional(),
        sinceMinutes: z
          .number()
          .int()
          .min(1)
          .max(60 * 24 * 30)
          .optional(),
      }),
      (input) => {
        const service = record(input.serviceId);
        const resolution = input.resolution ?? 'raw';
        const to = workspace.clock.now();
        const from = new Date(to.getTime() - (input.sinceMinutes ?? 60) * 60_000);
        const points: ServiceMetricsPoint[] = metrics
          .series(service.model, service.version, from, to, resolution)
          .map((p) => ({
            at: new Date(p.atMs).toISOString(),
            throughput: p.throughput,
            requests: p.requests,
            errors: p.errors,
            errorRate: p.errorRate,
            p50Ms: p.p50 === null ? null : p.p50 * 1000,
            p95Ms: p.p95 === null ? null : p.p95 * 1000,
            p99Ms: p.p99 === null ? null : p.p99 * 1000,
            cpuPercent: p.cpuPercent,
            memoryBytes: p.memoryBytes,
            up: p.upShare > 0,
          }));
        return { serviceId: input.serviceId, resolution, points };
      },
    ),
    'replay.start': defineOperation(
      'replay.start',
      z.strictObject({
        datasetId: z.string().min(1),
        rate: z.number().positive().max(10_000),
        labelColumn: z.string().min(1).optional(),
        limit: z.number().int().min(1).optional(),
        model: z.string().min(1).optional(),
      }),
      (input) => {
        const dataset = manager.datasetStore.get(input.datasetId);
        if (!dataset) {
          throw new PodiumError('NOT_FOUND', `No dataset with id ${input.datasetId}`, { field: 'datasetId' });
        }
        const name = input.model ?? serving.runningModels()[0] ?? modelName(undefined);
        const gatewayUrl = serving.gatewayUrl(name);
        if (gatewayUrl === null) {
          throw new PodiumError('CONFLICT', `No gateway for ${name} runs; start its services first`, {
            field: 'model',
            model: name,
          });
        }
        const total = input.limit ?? dataset.profile.rows;
        let lastProgress = 0;
        const job = jobs.start(
          'replay',
          `replay ${dataset.sourceName} → ${name} at ${input.rate}/s`,
          (control) =>
            replay({
              gatewayUrl,
              file: dataset.path,
              rate: input.rate,
              labelColumn: input.labelColumn,
              limit: input.limit,
              token: workspace.config.serving.auth_token,
              signal: control.signal,
              // One event per request would flood the views at high rates: a few per second suffice.
              onProgress: (p) => {
                const now = Date.now();
                if (now - lastProgress < 250 && p.sent < total) return;
                lastProgress = now;
                control.progress({
                  step: 'replay',
                  current: p.sent,
                  total,
                  metrics: { ok: p.ok, failed: p.failed, labelled: p.labelled },
                });
              },
            }),
        );
        return { jobId: job.jobId };
      },
    ),
  };
}
