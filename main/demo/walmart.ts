import { join } from 'node:path';
import { request } from 'undici';
import {
  type ServingSession,
  type ServingSessionStores,
  startServingSession,
} from '../app/serving-session.js';
import { PACKAGE_ROOT } from '../config/index.js';
import { PodiumError } from '../contract/errors.js';
import type { Progress } from '../contract/index.js';
import { toJobProgress } from '../jobs/training-progress.js';
import type { ChampionChallengerManager, TrainChallengerResult } from '../lifecycle/index.js';
import type { LineageStores, PredictionRecord } from '../lineage/index.js';
import { type LineageChain, lineageForPrediction, predictFile } from '../lineage/index.js';
import type { Workspace } from '../workspace/index.js';

/** The shipped copy of the public Walmart weekly sales data (45 stores, Feb 2010 – Oct 2012). */
export const WALMART_DATA = join(PACKAGE_ROOT, 'data', 'walmart.csv');

/** The seed's prediction API example: snake_case names, no date (the week of the request). */
export const WALMART_EXAMPLE_REQUEST = {
  store: 1,
  temperature: 75.5,
  fuel_price: 3.2,
  holiday_flag: 0,
  unemployment: 8.1,
  cpi: 210.3,
};

/** Each step as it finishes, so a caller can show the story as it unfolds. */
export type WalmartDemoEvent =
  | { step: 'compare'; comparison: TrainChallengerResult }
  | { step: 'predict'; batch: PredictionRecord }
  | { step: 'serve'; gatewayUrl: string; runtime: string }
  | { step: 'request'; request: WalmartDemoResult['request']; response: WalmartDemoResult['response'] }
  | { step: 'lineage'; lineage: LineageChain };

export type WalmartDemoResult = {
  comparison: TrainChallengerResult;
  batch: PredictionRecord;
  gatewayUrl: string;
  request: { url: string; body: typeof WALMART_EXAMPLE_REQUEST };
  response: { status: number; body: Record<string, unknown> };
  lineage: LineageChain;
  /** Still serving (keepServing): the caller stops it. */
  session: ServingSession | null;
};

/**
 * `podium demo walmart`: the whole forecasting story on the shipped data. Compare the five
 * models on a time-ordered split and register the best, score the file in batch (lineage from
 * data to predictions), serve the champion behind the gateway, answer the seed's `/predict`,
 * and return the lineage chain. Every step uses the same code as its own command.
 */
export async function runWalmartDemo(
  context: {
    workspace: Workspace;
    manager: ChampionChallengerManager;
    stores: ServingSessionStores & LineageStores;
  },
  options: {
    modelName?: string;
    dataPath?: string;
    runtime?: 'process' | 'docker';
    port?: number;
    keepServing?: boolean;
    /** Called when a step starts (with what it does) and when it has finished (with its result). */
    onStep?: (message: string) => void;
    onResult?: (event: WalmartDemoEvent) => void;
    /** Training's progress as a job reports it (`{step, current, total}`). */
    onProgress?: (progress: Progress) => void;
    signal?: AbortSignal;
  } = {},
): Promise<WalmartDemoResult> {
  const { workspace, manager, stores } = context;
  const modelName = options.modelName ?? 'walmart';
  const dataPath = options.dataPath ?? WALMART_DATA;
  const step = options.onStep ?? (() => {});
  const done = options.onResult ?? (() => {});

  step(`Comparing five models on ${dataPath} (time-ordered 80/20 split)`);
  const comparison = await manager.compareModels(dataPath, {
    target: 'Weekly_Sales',
    split: 'time',
    // A forecast is for the week it is asked in: the request may leave the date out.
    requestTimeDates: ['Date'],
    modelName,
    actor: 'demo',
    onProgress: options.onProgress && ((progress) => options.onProgress?.(toJobProgress(progress))),
    signal: options.signal,
  });
  done({ step: 'compare', comparison });
  const champion = stores.versions.champion(modelName);
  if (!champion) {
    throw new PodiumError('INTERNAL', `${modelName} has no champion after the comparison`, {
      model: modelName,
    });
  }

  step(`Scoring ${dataPath} in batch with v${champion.version}`);
  const batch = await predictFile(workspace, {
    version: champion,
    input: dataPath,
    output: join(workspace.paths.root, 'exports', `${modelName}-v${champion.version}-predictions.csv`),
  });
  done({ step: 'predict', batch });

  const runtime = options.runtime ?? workspace.config.serving.runtime;
  step(`Starting the ${runtime} service for v${champion.version} behind the gateway`);
  const session = await startServingSession({
    workspace,
    manager,
    stores,
    modelName,
    runtime,
    gatewayPort: options.port,
    actor: 'demo',
  });
  let keep = false;
  try {
    const gatewayUrl = session.url;
    done({ step: 'serve', gatewayUrl, runtime });
    const url = `${gatewayUrl}/predict`;
    step(`Answering the seed's request through the gateway`);
    const answer = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(WALMART_EXAMPLE_REQUEST),
    });
    const response = {
      status: answer.statusCode,
      body: (await answer.body.json()) as Record<string, unknown>,
    };
    if (response.status !== 200) {
      throw new PodiumError(
        'INTERNAL',
        `The gateway answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    done({ step: 'request', request: { url, body: WALMART_EXAMPLE_REQUEST }, response });

    step(`Lineage from the training data to prediction ${batch.id}`);
    const lineage = await lineageForPrediction(workspace, stores, batch.id);
    if (!lineage) throw new PodiumError('INTERNAL', `Prediction ${batch.id} has no lineage record`);
    done({ step: 'lineage', lineage });
    keep = options.keepServing === true;
    return {
      comparison,
      batch,
      gatewayUrl,
      request: { url, body: WALMART_EXAMPLE_REQUEST },
      response,
      lineage,
      session: keep ? session : null,
    };
  } finally {
    if (!keep) await session.stop();
  }
}
