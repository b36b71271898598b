import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../common/files.js';
import { recordFields } from '../features/index.js';
import type { TrafficStore } from '../serving/traffic-store.js';
import type { ModelSignature } from '../training/types.js';
import type { Workspace } from '../workspace/index.js';

/**
 * Labelled live traffic of one model as a training CSV (the request's features plus the label
 * under the target's name): what a retraining triggered by a performance drop learns from when
 * no new data file has arrived. Returns null when there are fewer rows than `minRows`.
 */
export async function exportLabelledTraffic(
  workspace: Workspace,
  traffic: TrafficStore,
  input: {
    modelName: string;
    target: string;
    from: string;
    to: string;
    minRows: number;
    /** The champion's signature: logged bodies may name fields by their snake_case aliases. */
    signature?: Pick<ModelSignature, 'inputs'>;
  },
): Promise<{ file: string; rows: number } | null> {
  const rows = traffic.labelledChampionRequests(input.modelName, input);
  if (rows.length < input.minRows) return null;
  const fields = input.signature ? recordFields(input.signature) : null;
  const records = rows.map((row) => {
    const features = JSON.parse(row.featuresJson) as Record<string, unknown>;
    return {
      ...(fields ? fields.canonicalize(features, new Date(row.createdAt)) : features),
      [input.target]: JSON.parse(row.actualJson) as unknown,
    };
  });
  const columns = [...new Set(records.flatMap((record) => Object.keys(record)))];
  const text = stringify(records, {
    header: true,
    columns,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  const dir = join(workspace.paths.root, 'exports');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `labelled-traffic-${input.modelName}-${input.to.replace(/[:.]/g, '-')}.csv`);
  await writeFileAtomic(file, text);
  return { file, rows: rows.length };
}
