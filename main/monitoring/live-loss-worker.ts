import { serveWorkerTask } from '../common/worker-task/index.js';
import { tableFromRecords } from '../data/index.js';
import { recordFields } from '../features/index.js';
import { loadPredictor } from '../training/index.js';
import { fitLossModels } from './performance/direct-loss-estimation.js';
import { loadReference, type VersionToEstimate } from './performance/version-estimate.js';

/**
 * Direct Loss Estimation over windows of live traffic, in a worker thread: each version's loss
 * models are fitted on its held-out reference rows, then applied to the request bodies the
 * gateway logged in each window (the champion's; shadows answered the same requests).
 */
export type LiveLossInput = {
  versions: VersionToEstimate[];
  requests: { featuresJson: string; createdAt: string; windowStart: number }[];
};
/** By version, by window start: the estimated MAE and RMSE and the rows they cover. */
export type LiveLossOutput = Record<string, Record<string, { rows: number; mae: number; rmse: number }>>;

serveWorkerTask<LiveLossInput, LiveLossOutput>(async (input) => {
  const out: LiveLossOutput = {};
  const windows = new Map<number, number[]>();
  input.requests.forEach((request, index) => {
    const rows = windows.get(request.windowStart) ?? [];
    rows.push(index);
    windows.set(request.windowStart, rows);
  });
  for (const version of input.versions) {
    const predictor = await loadPredictor(version.packagePath);
    try {
      const reference = await loadReference(version.reference);
      const loss = await fitLossModels(predictor, reference.table, reference.rows);
      const fields = recordFields(predictor.signature);
      const records = input.requests.map((request) =>
        fields.canonicalize(
          JSON.parse(request.featuresJson) as Record<string, unknown>,
          new Date(request.createdAt),
        ),
      );
      const table = tableFromRecords(records, version.reference.profile);
      const byWindow: LiveLossOutput[string] = {};
      for (const [start, rows] of windows)
        byWindow[String(start)] = await loss.estimate(table, Uint32Array.from(rows));
      out[String(version.version)] = byWindow;
    } finally {
      predictor.dispose();
    }
  }
  return out;
});
