import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PodiumError } from '../../main/contract/errors.js';
import { extractArchive, IMPORT_LIMITS, importVersion } from '../../main/maintenance/index.js';
import type { Workspace } from '../../main/workspace/index.js';
import { storesOf } from '../helpers/stores.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';
import {
  type FixtureEntry,
  snapshotTree,
  tarOf,
  tgzOf,
  withDeclaredSize,
  writeFixture,
} from './tar-fixtures.js';

/** Refused with ARCHIVE_INVALID, and the message names the entry. */
async function assertRefused(work: Promise<unknown>, entry: string | null, reason: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof PodiumError, `expected a PodiumError, got ${String(error)}`);
    assert.equal(error.code, 'ARCHIVE_INVALID', error.message);
    if (entry !== null)
      assert.ok(error.message.includes(`"${entry}"`), `entry not named in: ${error.message}`);
    assert.match(error.message, reason);
    return true;
  });
}

describe('import refuses hostile or broken archives and leaves nothing behind', () => {
  let workspace: Workspace & { cleanup(): void };
  let fixtures: string;
  let before_: Record<string, string>;
  const marker = randomBytes(4).toString('hex');

  before(() => {
    workspace = tempWorkspace();
    fixtures = tempDir('podium-fixtures-');
    before_ = snapshotTree(workspace.paths.root);
  });
  after(() => {
    workspace.cleanup();
    rmSync(fixtures, { recursive: true, force: true });
  });

  const refuses = async (name: string, archive: Buffer, entry: string | null, reason: RegExp) => {
    const file = writeFixture(fixtures, `${name}.tgz`, archive);
    await assertRefused(importVersion(workspace, storesOf(workspace), file), entry, reason);
    // No staging folder, no package, no stray file anywhere in the workspace (the log aside).
    const now = snapshotTree(workspace.paths.root);
    delete now['logs/podium.log'];
    delete before_['logs/podium.log'];
    assert.deepEqual(now, before_);
    assert.deepEqual(readdirSync(workspace.paths.models), []);
  };

  test('a path that climbs out with ../', async () => {
    const entry = `../evil-${marker}`;
    await refuses('dotdot', await tgzOf([{ name: entry, content: 'x' }]), entry, /climbs out/);
    assert.ok(!existsSync(join(workspace.paths.models, '..', `evil-${marker}`)));
    assert.ok(!existsSync(join(dirname(workspace.paths.root), `evil-${marker}`)));
  });

  test('a ../ hidden in the middle of a path', async () => {
    const entry = `package/../../../evil-${marker}`;
    await refuses('middle', await tgzOf([{ name: entry, content: 'x' }]), entry, /climbs out/);
  });

  test('an absolute path', async () => {
    const entry = join(tmpdir(), `podium-evil-${marker}`);
    await refuses('absolute', await tgzOf([{ name: entry, content: 'x' }]), entry, /absolute/);
    assert.ok(!existsSync(entry));
  });

  test('a symlink, wherever it points', async () => {
    const archive = await tgzOf([
      { name: 'package/manifest.json', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'package/manifest.json', content: 'overwrite through the link' },
    ]);
    await refuses('symlink', archive, 'package/manifest.json', /symlink entries to "\/etc\/passwd"/);
  });

  test('a hard link', async () => {
    // tar-stream's own Headers type leaves out hard links; the archive format has them.
    const link = {
      name: 'package/model.json',
      type: 'link',
      linkname: 'package/x',
    } as unknown as FixtureEntry;
    await refuses(
      'hardlink',
      await tgzOf([{ name: 'package/x', content: 'x' }, link]),
      'package/model.json',
      /link/,
    );
  });

  test('a header that declares more than the size limit, before any byte of it is read', async () => {
    const tar = await tarOf([{ name: 'package/huge.bin', content: 'x' }]);
    const archive = await import('node:zlib').then((z) => z.gzipSync(withDeclaredSize(tar, 3 * 1024 ** 3)));
    await refuses('oversized', archive, 'package/huge.bin', /declares 3221225472 bytes/);
  });

  test('a pax record that declares more than the size limit', async () => {
    const archive = await tgzOf([
      { name: 'package/pax.bin', content: 'x', pax: { size: String(3 * 1024 ** 3) } },
    ]);
    await refuses('pax-size', archive, 'package/pax.bin', /declares 3221225472 bytes/);
  });

  test('a truncated gzip stream', async () => {
    const archive = await tgzOf([
      { name: 'package/a.bin', content: randomBytes(64 * 1024) },
      { name: 'package/b.bin', content: randomBytes(64 * 1024) },
    ]);
    await refuses('truncated', archive.subarray(0, Math.floor(archive.length / 2)), null, /truncated/);
  });

  test('bytes that are not gzip at all', async () => {
    await refuses('garbage', randomBytes(4096), null, /not a valid gzip file/);
  });

  test('a path written twice', async () => {
    const archive = await tgzOf([
      { name: 'package/a.json', content: '1' },
      { name: 'package/a.json', content: '2' },
    ]);
    await refuses('duplicate', archive, 'package/a.json', /twice/);
  });

  test('an archive with none of the export files', async () => {
    await refuses(
      'foreign',
      await tgzOf([{ name: 'README', content: 'hello' }]),
      null,
      /not a Podium model export/,
    );
  });
});

describe('extractArchive limits are enforced while streaming', () => {
  test('the running total stops at the entry that crosses it', async () => {
    const dir = tempDir('podium-extract-');
    const file = writeFixture(
      dir,
      'big.tgz',
      await tgzOf([
        { name: 'a.bin', content: randomBytes(800) },
        { name: 'b.bin', content: randomBytes(800) },
      ]),
    );
    const dest = join(dir, 'out');
    await assertRefused(
      extractArchive(file, dest, { ...IMPORT_LIMITS, maxTotalBytes: 1000 }),
      'b.bin',
      /add up to more than 1000 bytes/,
    );
    assert.ok(!existsSync(dest), 'a refused archive leaves no destination folder');
  });

  test('pax headers (long names, explicit sizes) are followed, not mistaken for damage', async () => {
    const dir = tempDir('podium-extract-');
    const long = `package/${'a'.repeat(180)}.json`;
    const file = writeFixture(
      dir,
      'pax.tgz',
      await tgzOf([
        { name: long, content: '{}', pax: { comment: 'written by a test' } },
        { name: 'package/sized.txt', content: 'hello', pax: { size: '5' } },
        { name: 'package/after.txt', content: 'still aligned' },
      ]),
    );
    const files = await extractArchive(file, join(dir, 'out'), IMPORT_LIMITS);
    assert.deepEqual([...files.keys()].sort(), ['package/after.txt', long, 'package/sized.txt'].sort());
    assert.equal(files.get('package/after.txt')?.bytes, 13);
  });

  test('a well-formed archive extracts with each file hashed', async () => {
    const dir = tempDir('podium-extract-');
    const file = writeFixture(dir, 'ok.tgz', await tgzOf([{ name: 'x/y.txt', content: 'hello' }]));
    const files = await extractArchive(file, join(dir, 'out'), IMPORT_LIMITS);
    assert.deepEqual([...files.keys()], ['x/y.txt']);
    assert.equal(files.get('x/y.txt')?.bytes, 5);
    assert.equal(
      files.get('x/y.txt')?.sha256,
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
  });
});
