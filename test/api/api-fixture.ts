import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { type Api, createApi, createLocalClient, type PodiumClient } from '../../main/app/index.js';
import type { Clock } from '../../main/common/clock.js';
import { type LoadedConfig, loadConfig } from '../../main/config/index.js';
import { generateSampleData } from '../../main/data/index.js';
import type { ModelVersion } from '../../main/registry/index.js';
import { openWorkspace, type Workspace } from '../../main/workspace/index.js';
import { checkedClient, eventProblem } from '../helpers/contract-check.js';
import { SAMPLE_MODEL, tempDir } from '../helpers/workspace.js';

export type ApiFixture = {
  api: Api;
  /** Fails the test on an answer outside the contract's schemas (operation name and field path). */
  client: PodiumClient;
  /** Events whose payload left the contract; `cleanup` fails the test when there are any. */
  eventProblems: string[];
  workspace: Workspace;
  config: LoadedConfig;
  cleanup(): Promise<void>;
};

/**
 * A real workspace (SQLite in a temp folder) with the API on it. Ports are drawn at random so
 * test files can run side by side; the app metrics port is off (tests do not scrape it).
 */
export function apiFixture(
  options: {
    env?: NodeJS.ProcessEnv;
    clock?: Clock;
    configure?: (config: LoadedConfig['config']) => void;
  } = {},
): ApiFixture {
  const dir = tempDir('podium-api-');
  const env = options.env ?? {};
  const config = loadConfig({ env, localFile: null });
  const servicePortStart = 20_000 + Math.floor(Math.random() * 30_000);
  // Set over the files like a shell's flags: again on every reload a saved setting causes.
  const overrides = (loaded: LoadedConfig['config']) => {
    loaded.monitoring.metrics_port = 0;
    loaded.serving.service_port_start = servicePortStart;
    loaded.serving.port = 0;
    // The sample data's model, as defaultConfig names it (tests of the naming set it back to '').
    loaded.training.model_name = SAMPLE_MODEL;
    options.configure?.(loaded);
  };
  overrides(config.config);
  const workspace = openWorkspace(dir, { config, ...(options.clock ? { clock: options.clock } : {}) });
  const api = createApi({ workspace, env, cwd: dir, configFiles: config.files, configOverrides: overrides });
  // A listener that throws is only logged by the hub, so problems are kept and reported at cleanup.
  const eventProblems: string[] = [];
  const stopChecking = api.events.subscribe((message) => {
    const problem = eventProblem(message);
    if (problem !== null) eventProblems.push(problem);
  });
  return {
    api,
    client: checkedClient(createLocalClient(api)),
    eventProblems,
    workspace,
    config,
    cleanup: async () => {
      stopChecking();
      await api.close();
      workspace.close();
      rmSync(dir, { recursive: true, force: true });
      assert.deepEqual(eventProblems, [], eventProblems.join('\n'));
    },
  };
}

/** Resolves with the job's `job.done` result, or rejects with its `job.failed` error. */
export function jobOutcome(client: PodiumClient, jobId: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const offDone = client.listen('job.done', (event) => {
      if (event.jobId !== jobId) return;
      offDone();
      offFailed();
      resolve(event.result);
    });
    const offFailed = client.listen('job.failed', (event) => {
      if (event.jobId !== jobId) return;
      offDone();
      offFailed();
      reject(event.error);
    });
  });
}

/** An API fixture whose sample model has a linear champion, trained on 1,500 rows of the sample data. */
export async function apiFixtureWithChampion(): Promise<ApiFixture> {
  const fixture = apiFixture();
  const baseline = await fixture.client.send('data.ingest', {
    fileName: 'baseline.csv',
    csvText: generateSampleData({ samples: 1500, drift: false, seed: 3 }),
  });
  await trainLinearChampion(fixture.client, baseline.id);
  return fixture;
}

/** Trains a linear model on a stored sample dataset (target `target`) and evaluates it: the first becomes champion. */
export async function trainLinearChampion(client: PodiumClient, datasetId: string): Promise<void> {
  const { jobId } = await client.send('train.start', {
    datasetId,
    target: 'target',
    modelType: 'linear',
    autoEvaluate: true,
  });
  await jobOutcome(client, jobId);
}

/** The champion of the fixture's sample model, which must have one. */
export function sampleChampion(fixture: ApiFixture): ModelVersion {
  const version = fixture.api.context.stores.versions.champion(SAMPLE_MODEL);
  assert.ok(version, 'the sample model has a champion');
  return version;
}
