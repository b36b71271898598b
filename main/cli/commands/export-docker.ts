import { joinModelRef } from '../../common/version-ref.js';
import type { PodiumClient } from '../../contract/index.js';
import { print, printDocument } from '../output.js';

/** `podium export V --format docker FILE.tar`: the version's service image, for a cluster's registry. */
export async function exportDockerImage(
  client: PodiumClient,
  json: boolean,
  given: { model?: string; ref: string; file: string },
): Promise<void> {
  const report = await client.send('versions.exportImage', {
    model: joinModelRef(given.model, given.ref),
    file: given.file,
  });
  const { ImageExportReportSchema } = await import('../../contract/schemas/index.js');
  if (json) printDocument(ImageExportReportSchema, report);
  else
    print(
      `Saved the service image ${report.image} of ${report.model} v${report.version} to ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MB${report.built ? ', built first' : ''}). Load it with: docker load -i ${report.file}`,
    );
}
