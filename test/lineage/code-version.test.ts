import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { podiumVersion } from '../../main/common/versions.js';
import { codeVersion } from '../../main/lineage/index.js';
import { tempDir } from '../helpers/workspace.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Podium Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd, encoding: 'utf8' },
  ).trim();
}

describe('codeVersion', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('a git repository: commit and branch, clean after a commit and dirty after an edit', async () => {
    const repo = tempDir('podium-git-');
    dirs.push(repo);
    git(repo, 'init', '--quiet', '--initial-branch=trunk');
    writeFileSync(join(repo, 'train.yaml'), 'seed: 1\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '--quiet', '-m', 'first');
    const head = git(repo, 'rev-parse', 'HEAD');

    const clean = await codeVersion(repo);
    assert.deepEqual(clean, {
      gitCommit: head,
      gitBranch: 'trunk',
      gitDirty: false,
      podiumVersion: podiumVersion(),
    });

    writeFileSync(join(repo, 'train.yaml'), 'seed: 2\n');
    const dirty = await codeVersion(repo);
    assert.equal(dirty.gitCommit, head);
    assert.equal(dirty.gitDirty, true);
  });

  test('outside a repository every git field is null, the Podium version is still recorded', async () => {
    const plain = tempDir('podium-nogit-');
    dirs.push(plain);
    const version = await codeVersion(plain);
    assert.deepEqual(version, {
      gitCommit: null,
      gitBranch: null,
      gitDirty: null,
      podiumVersion: podiumVersion(),
    });
  });

  test('a folder that does not exist gives null fields, not an error', async () => {
    const parent = tempDir('podium-gone-');
    dirs.push(parent);
    const version = await codeVersion(join(parent, 'missing'));
    assert.equal(version.gitCommit, null);
  });
});
