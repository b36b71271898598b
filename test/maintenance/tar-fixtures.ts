import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Headers, pack } from 'tar-stream';
import { ArchiveWriter, extractArchive, RESTORE_LIMITS } from '../../main/maintenance/index.js';
import { tempDir } from '../helpers/workspace.js';

export type FixtureEntry = Headers & { content?: string | Buffer; pax?: Record<string, string> };

/** A tar (uncompressed) holding exactly these entries, as tar-stream writes them. */
export async function tarOf(entries: FixtureEntry[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', () => resolve());
    archive.on('error', reject);
  });
  for (const { content, ...headers } of entries) {
    await new Promise<void>((resolve, reject) =>
      archive.entry(headers, content ?? '', (error) => (error ? reject(error) : resolve())),
    );
  }
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

export async function tgzOf(entries: FixtureEntry[]): Promise<Buffer> {
  return gzipSync(await tarOf(entries));
}

/**
 * Rewrites the size field of the first header to `size` (and its checksum), leaving the data
 * short: an archive that declares more than it holds, as a hostile one would.
 */
export function withDeclaredSize(tar: Buffer, size: number): Buffer {
  const out = Buffer.from(tar);
  out.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += out[i];
  out.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return out;
}

/** Every file under `dir` with its bytes' hash: to show a directory did not change. */
export function snapshotTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (relative: string) => {
    for (const name of readdirSync(join(dir, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else
        result[path] = createHash('sha256')
          .update(readFileSync(join(dir, path)))
          .digest('hex');
    }
  };
  walk('');
  return result;
}

export function writeFixture(dir: string, name: string, data: Buffer): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** Unpacks a backup, lets `change` alter the files, and packs it again with a manifest to match. */
export async function tamperedBackup(
  source: string,
  target: string,
  change: (dir: string) => void,
  options: { keepManifest?: boolean } = {},
): Promise<void> {
  const dir = join(tempDir('podium-tamper-'), 'x');
  const files = await extractArchive(source, dir, RESTORE_LIMITS);
  change(dir);
  const archive = await ArchiveWriter.create(target);
  for (const name of [...files.keys()].filter((n) => n !== 'backup.json'))
    if (existsSync(join(dir, name))) await archive.addFile(name, join(dir, name));
  const manifest = JSON.parse(readFileSync(join(dir, 'backup.json'), 'utf8'));
  if (!options.keepManifest) manifest.files = archive.files;
  await archive.addContent('backup.json', JSON.stringify(manifest));
  await archive.finish();
}
