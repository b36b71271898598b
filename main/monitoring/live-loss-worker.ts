import { serveWorkerTask } from '../common/worker-task/index.js';
import { tableFromRecords } from '../data/index.js';
import { recordFields } from '../features/index.js';
import { loadPredictor } from '../training/index.js';
import { cachedLossModels } from './performance/loss-model-cache.js';
import { loadReference, type VersionToEstimate } from './performance/version-estimate.js';

/**
 * Direct Loss Estimation over windows of live traffic, in a worker thread: each version's loss
 * models are fitted on its held-out reference rows, then applied to the request bodies the
 * gateway logged in each window (the champion's; shadows answered the same requests).
 */
export type LiveLossInput = {
  /** `lossModelDir`: where the version's fitted loss models are kept (loss-model-cache.ts). */
  versions: (VersionToEstimate & { lossModelDir: string })[];
  requests: { featuresJson: string; createdAt: string; windowStart: number }[];
};
export type LiveLossOutput = {
  /** By version, by window start: the estimated MAE and RMSE and the rows they cover. */
  estimates: Record<string, Record<string, { rows: number; mae: number; rmse: number }>>;
  /** Versions whose loss models were fitted by this call (the others were read back from disk). */
  fitted: number[];
};

serveWorkerTask<LiveLossInput, LiveLossOutput>(async (input) => {
  const out: LiveLossOutput = { estimates: {}, fitted: [] };
  const windows = new Map<number, number[]>();
  input.requests.forEach((request, index) => {
    const rows = windows.get(request.windowStart) ?? [];
    rows.push(index);
    windows.set(request.windowStart, rows);
  });
  for (const version of input.versions) {
    const predictor = await loadPredictor(version.packagePath);
    try {
      const { loss, fitted } = await cachedLossModels(
        predictor,
        () => loadReference(version.reference),
        version.lossModelDir,
      );
      if (fitted) out.fitted.push(version.version);
      const fields = recordFields(predictor.signature);
      const records = input.requests.map((request) =>
        fields.canonicalize(
          JSON.parse(request.featuresJson) as Record<string, unknown>,
          new Date(request.createdAt),
        ),
      );
      const table = tableFromRecords(records, version.reference.profile);
      const byWindow: LiveLossOutput['estimates'][string] = {};
      for (const [start, rows] of windows)
        byWindow[String(start)] = await loss.estimate(table, Uint32Array.from(rows));
      out.estimates[String(version.version)] = byWindow;
    } finally {
      predictor.dispose();
    }
  }
  return out;
});
