import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { pathExists } from '../../common/files.js';
import { PodiumError } from '../../contract/errors.js';
import type { ManifestFile } from './manifest-types.js';

/**
 * Writes each file as YAML documents under `outDir` (made when missing). A file that is already
 * there is refused before anything is written: manifests someone edited are never overwritten.
 */
export async function writeManifestFiles(
  outDir: string,
  files: ManifestFile[],
  header: string,
): Promise<{ dir: string; files: { file: string; kinds: string[] }[] }> {
  const dir = resolve(outDir);
  for (const { file } of files) {
    const target = join(dir, file);
    if (await pathExists(target)) {
      throw new PodiumError(
        'CONFLICT',
        `${target} already exists; choose another --out folder or remove it`,
        {
          file: target,
        },
      );
    }
  }
  await mkdir(dir, { recursive: true });
  const written: { file: string; kinds: string[] }[] = [];
  for (const { file, manifests } of files) {
    const documents = manifests.map((manifest) => stringify(manifest, { lineWidth: 0 }));
    const target = join(dir, file);
    await writeFile(target, `# ${header}\n${documents.join('---\n')}`, { flag: 'wx' });
    written.push({ file: target, kinds: manifests.map((manifest) => manifest.kind) });
  }
  return { dir, files: written };
}
