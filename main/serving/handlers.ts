import { open, stat } from 'node:fs/promises';
import { defineOperation } from '../contract/define-operation.js';
import { PodiumError } from '../contract/errors.js';
import type { DomainHandlers, ServiceHealth, ServiceStatus } from '../contract/index.js';
import type { DatasetStore } from '../data/index.js';
import type { JobRunner } from '../jobs/index.js';
import { modelRefs, type VersionStore } from '../registry/index.js';
import type { Workspace } from '../workspace/index.js';
import { createRuntime } from './create-runtime.js';
import { gatewayRecordFile, readGatewayRecord } from './gateway-record.js';
import { replay } from './replay.js';
import type { ServedModels } from './served-models.js';
import { parseServiceId } from './service-id.js';
import { type ServiceRecord, type ServiceStore, toServiceStatus } from './service-store.js';

type Names =
  | 'services.status'
  | 'services.list'
  | 'services.setDesired'
  | 'services.start'
  | 'services.stop'
  | 'services.restart'
  | 'services.logs'
  | 'replay.start'
  | 'replay.file';

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

/** What a service's `/health` answers now; `-` for one that should not be up. */
async function probeHealth(record: ServiceRecord): Promise<string> {
  if (!record.url || (record.state !== 'running' && record.state !== 'restarting')) return '-';
  try {
    const response = await fetch(`${record.url}/health`, { signal: AbortSignal.timeout(1_000) });
    return response.status === 200 ? 'healthy' : `unhealthy (${response.status})`;
  } catch {
    return 'unreachable';
  }
}

/** What serving's operations need of the API. */
export type ServingHandlerContext = {
  workspace: Workspace;
  serving: ServedModels;
  jobs: Pick<JobRunner, 'start'>;
  stores: { versions: VersionStore; datasets: DatasetStore; services: ServiceStore };
};

export function servingHandlers(context: ServingHandlerContext): DomainHandlers<Names> {
  const { workspace, serving, jobs, stores } = context;
  // The services table is shared with a `podium serve` in another process: what it runs, and
  // what it is asked to run.
  const recorded = stores.services;
  const refs = modelRefs(stores.versions, workspace);
  // A container started by a `podium serve` in another process: its logs come from the engine.
  const adoptedDockerLogs = async (service: ServiceStatus, lines: number): Promise<string | null> => {
    if (service.runtime !== 'docker' || recorded.get(service.model, service.version)?.handle == null)
      return null;
    const runtime = await createRuntime('docker', workspace);
    const adopted = (await runtime.adopt()).find(
      (handle) => handle.spec.modelName === service.model && handle.spec.version === service.version,
    );
    return adopted ? await adopted.logs(lines) : null;
  };
  // Where a model's gateway, started by any Podium on this workspace, said it listens.
  const recordedGateway = (model: string): string => {
    const record = readGatewayRecord(gatewayRecordFile(workspace.paths.root, model));
    if (record) return record.url;
    throw new PodiumError(
      'UNAVAILABLE',
      `No gateway of ${model} runs on this workspace. Start one with \`podium serve --model ${model}\`, or name a running one with --gateway URL.`,
      { field: 'model', model },
    );
  };
  /** The gateway `podium serve` runs for the workspace's only (or configured) model, if one does. */
  const defaultModelGateway = (): string | null => {
    const model = refs.nameIfAny(undefined);
    if (model === null) return null;
    return readGatewayRecord(gatewayRecordFile(workspace.paths.root, model))?.url ?? null;
  };
  return {
    'services.status': defineOperation('services.status', () => serving.status()),
    'services.start': defineOperation('services.start', async ({ model, runtime, gatewayPort }) => {
      await serving.start(refs.name(model), { runtime, gatewayPort });
      return serving.status();
    }),
    'services.stop': defineOperation('services.stop', async ({ model }) => {
      await serving.stop(model);
      return serving.status();
    }),
    'services.list': defineOperation('services.list', ({ model }) =>
      Promise.all(
        recorded.list(model === undefined ? undefined : refs.name(model)).map(
          async (record): Promise<ServiceHealth> => ({
            ...toServiceStatus(record),
            handle: record.handle,
            pinned: record.pinned,
            health: await probeHealth(record),
          }),
        ),
      ),
    ),
    'services.setDesired': defineOperation('services.setDesired', (input) => {
      const registered = refs.version(input);
      const { modelName: model, version } = registered;
      const { desired } = input;
      const existing = recorded.get(model, version);
      recorded.setDesired(
        model,
        version,
        desired,
        existing?.role ?? (registered.stage === 'champion' ? 'champion' : 'shadow'),
        existing?.runtime ?? workspace.config.serving.runtime,
      );
      const record = recorded.get(model, version);
      if (!record) throw new PodiumError('INTERNAL', `The service of ${model}:${version} was not recorded`);
      return toServiceStatus(record);
    }),
    'services.restart': defineOperation('services.restart', async (input) => {
      const { model, version } = parseServiceId(input.serviceId);
      await serving.restart(model, version);
      return serving.status();
    }),
    'services.logs': defineOperation('services.logs', async (input) => {
      const lines = input.lines ?? 200;
      const service = serving.service(input.serviceId);
      const live =
        (await serving.liveLogs(service.model, service.version, lines)) ??
        (await adoptedDockerLogs(service, lines));
      if (live !== null) {
        const split = live.split('\n');
        if (split.at(-1) === '') split.pop();
        return { serviceId: input.serviceId, file: service.logFile, lines: split.slice(-lines) };
      }
      if (service.logFile === null) return { serviceId: input.serviceId, file: null, lines: [] };
      const tail = await tailFile(service.logFile, lines).catch(() => [] as string[]);
      return { serviceId: input.serviceId, file: service.logFile, lines: tail };
    }),
    'replay.file': defineOperation('replay.file', (input) => {
      const { host, port, auth_token: token } = workspace.config.serving;
      const gatewayUrl =
        input.gatewayUrl ??
        (input.model === undefined
          ? (defaultModelGateway() ?? `http://${host}:${port}`)
          : recordedGateway(refs.name(input.model)));
      let lastProgress = 0;
      const job = jobs.start('replay', `replay ${input.file} → ${gatewayUrl} at ${input.rate}/s`, (control) =>
        replay({
          gatewayUrl,
          file: input.file,
          dialect: input.dialect,
          rate: input.rate,
          labelColumn: input.labelColumn,
          durationSeconds: input.durationSeconds,
          limit: input.limit,
          token,
          signal: control.signal,
          // A few events per second suffice at any rate (the total is unknown before the end).
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastProgress < 250) return;
            lastProgress = now;
            control.progress({
              step: 'replay',
              current: p.sent,
              total: input.limit ?? 0,
              metrics: { ok: p.ok, failed: p.failed, labelled: p.labelled },
            });
          },
        }),
      );
      return { jobId: job.jobId };
    }),
    'replay.start': defineOperation('replay.start', (input) => {
      const dataset = stores.datasets.get(input.datasetId);
      if (!dataset) {
        throw new PodiumError('NOT_FOUND', `No dataset with id ${input.datasetId}`, { field: 'datasetId' });
      }
      const name =
        input.model === undefined
          ? (serving.runningModels()[0] ?? refs.name(undefined))
          : refs.name(input.model);
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
            dialect: dataset.dialect,
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
    }),
  };
}
