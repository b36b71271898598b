import { defineOperation } from '../contract/define-operation.js';
import type { DomainHandlers, VersionLineage } from '../contract/index.js';
import { lineageForVersion } from '../lineage/index.js';
import { modelRefs, packageDetails } from '../registry/index.js';
import type { ApiContext } from './api-context.js';

/**
 * `registry.version`: a version with its package and its lineage. It lives in the app layer
 * because it joins two domains (lineage reads the registry, so the registry cannot read lineage).
 */
export function versionDetailsHandlers(context: ApiContext): DomainHandlers<'registry.version'> {
  const { stores } = context;
  const { versions } = stores;
  const refs = modelRefs(versions, context.workspace);
  return {
    'registry.version': defineOperation('registry.version', async (input) => {
      const record = refs.version(input);
      const name = record.modelName;
      const chain = await lineageForVersion(context.workspace, stores, record);
      // The contract's lineage has no split (the CLI's `podium lineage` shows it): copied field
      // by field, since a spread object passes the type check with extra keys and they leaked.
      const { split: _split, ...trainingCode } = chain.trainingCode;
      const lineage: VersionLineage = {
        trainingData: chain.trainingData,
        trainingCode,
        predictions: chain.predictions.map((p) => ({ id: p.id, rows: p.rows, createdAt: p.createdAt })),
      };
      return {
        version: record,
        package: await packageDetails(record),
        lineage,
        transitions: versions.transitions(name).filter((t) => t.versionId === record.id),
      };
    }),
  };
}
