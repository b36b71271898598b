import assert from 'node:assert/strict';
import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { registerDoctor } from '../../main/cli/commands/doctor.js';
import { registerLineage } from '../../main/cli/commands/lineage.js';
import { registerPortable } from '../../main/cli/commands/portable.js';
import { registerPredict } from '../../main/cli/commands/predict.js';
import { registerReproduce } from '../../main/cli/commands/reproduce.js';
import type { DoctorReport } from '../../main/contract/index.js';
import { createBackup, restoreBackup, runDoctor } from '../../main/maintenance/index.js';
import { openWorkspace, type Workspace } from '../../main/workspace/index.js';
import { commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { servedPackage } from '../helpers/model-service-fixture.js';
import { storesOf } from '../helpers/stores.js';
import { recordsFromCsv, type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { defaultConfig, tempDir } from '../helpers/workspace.js';
import { tamperedBackup } from './tar-fixtures.js';

/** Every column holding a path, as `table.column`, and its stored values. */
const PATH_COLUMNS = [
  ['model_versions', 'package_path'],
  ['datasets', 'path'],
  ['runs', 'artifact_dir'],
  ['run_artifacts', 'path'],
  ['services', 'log_file'],
  ['predictions', 'input_path'],
  ['predictions', 'output_path'],
] as const;

function storedPaths(dbFile: string): string[] {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    return PATH_COLUMNS.flatMap(([table, column]) =>
      (
        db.prepare(`SELECT ${column} AS path FROM ${table} WHERE ${column} IS NOT NULL`).all() as {
          path: string;
        }[]
      ).map((row) => row.path),
    );
  } finally {
    db.close();
  }
}

/**
 * Makes a closed workspace's database look as it did before migration 0011: every path absolute
 * under `root` (where the workspace was then), and the migration not yet applied.
 */
function asBeforeRelativePaths(dbFile: string, root: string): void {
  const db = new Database(dbFile, { fileMustExist: true });
  try {
    db.transaction(() => {
      for (const [table, column] of PATH_COLUMNS)
        db.prepare(
          `UPDATE ${table} SET ${column} = ? || '/' || ${column} WHERE ${column} IS NOT NULL AND ${column} NOT LIKE '/%'`,
        ).run(root);
      db.prepare('DELETE FROM schema_migrations WHERE version = 11').run();
    })();
  } finally {
    db.close();
  }
}

function open(dir: string, trained: TrainedWorkspace): Workspace {
  return openWorkspace(dir, { config: defaultConfig(), clock: trained.clock });
}

function problems(report: DoctorReport) {
  return report.findings.filter((finding) => finding.severity === 'problem');
}

/** The documented (snake_case) lineage document `podium lineage --json` prints. */
type LineageDocument = {
  training_data: { snapshot_path: string | null };
  model: { package_path: string };
};

let outputs = 0;

/** predict, lineage and export through the CLI, as a user would run them in the folder. */
async function useFromCli(dir: string, input: string, trained: TrainedWorkspace): Promise<void> {
  const output = join(dir, `scored-${++outputs}.csv`);
  const predicted = await commandJson<{ id: string; rows: number; version: number }>([registerPredict], dir, [
    'predict',
    '--model',
    'credit-risk:champion',
    '--input',
    input,
    '--output',
    output,
  ]);
  assert.equal(predicted.version, trained.champion.version);
  assert.ok(existsSync(output));
  const lineage = await commandJson<LineageDocument>([registerLineage], dir, ['lineage', predicted.id]);
  assert.ok(lineage.model.package_path.startsWith(dir), lineage.model.package_path);
  assert.ok(existsSync(lineage.model.package_path));
  const snapshot = lineage.training_data.snapshot_path ?? '';
  assert.ok(snapshot.startsWith(dir) && existsSync(snapshot), snapshot);
  const exported = join(tempDir('podium-moved-export-'), 'champion.tgz');
  const report = await commandJson<{ dataset_included: boolean }>([registerPortable], dir, [
    'export',
    'credit-risk:champion',
    exported,
  ]);
  assert.equal(report.dataset_included, true);
  rmSync(dirname(exported), { recursive: true, force: true });
}

describe('a workspace moved, restored elsewhere, or written before paths were relative', () => {
  let trained: TrainedWorkspace;
  let original: string;
  /** The training data's file inside a copy of the workspace folder (it lies under raw/). */
  const baselineIn = (dir: string) => join(dir, relative(original, trained.baselineFile));
  const parent = tempDir('podium-moved-');
  const moved = join(parent, 'renamed workspace');
  const restored = join(parent, 'restored');
  const movedAgain = join(parent, 'moved again');
  const elsewhere = join(parent, 'new machine', 'workspace');

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    original = trained.workspace.paths.root;
    trained.workspace.close();
  });
  after(() => {
    rmSync(original, { recursive: true, force: true });
    rmSync(parent, { recursive: true, force: true });
  });

  test('the registry stores paths relative to the workspace', () => {
    const paths = storedPaths(join(original, 'podium.db'));
    assert.ok(paths.length >= 5, `paths: ${paths.join(', ')}`);
    for (const path of paths) assert.ok(!path.startsWith('/'), `${path} is stored absolute`);
  });

  test('renamed, it predicts, traces lineage, exports, reproduces and serves; doctor is clean', async () => {
    renameSync(original, moved);
    await useFromCli(moved, baselineIn(moved), trained);
    const reproduced = await commandOutcome<{ matches: boolean }>([registerReproduce], moved, [
      'reproduce',
      'credit-risk:1',
    ]);
    assert.equal(reproduced.json.matches, true);

    const workspace = open(moved, trained);
    try {
      const champion = storesOf(workspace).versions.champion('credit-risk');
      assert.ok(champion, 'the champion is found at the new place');
      assert.ok(champion.packagePath.startsWith(moved), champion.packagePath);
      // What a serving controller hands a model service: the package found through the registry.
      const service = await servedPackage(champion.packagePath);
      try {
        const answer = await service.inject({
          method: 'POST',
          url: '/predict',
          payload: recordsFromCsv(baselineIn(moved), 1)[0],
        });
        assert.equal(answer.statusCode, 200, answer.body);
      } finally {
        await service.close();
      }
    } finally {
      workspace.close();
    }
    const doctor = await commandOutcome<DoctorReport>([registerDoctor], moved, ['doctor']);
    assert.deepEqual(problems(doctor.json), []);
    assert.equal(doctor.exitCode, 0);
  });

  test('a backup restored into a new folder works there with no warning, and doctor is clean', async () => {
    const backup = join(tempDir('podium-moved-backup-'), 'workspace.tgz');
    const workspace = open(moved, trained);
    try {
      await createBackup(workspace, storesOf(workspace), backup);
    } finally {
      workspace.close();
    }
    const report = await restoreBackup(restored, backup);
    rmSync(dirname(backup), { recursive: true, force: true });
    assert.equal(report.warning, null);
    assert.equal(report.versions, 2);
    const reopened = open(restored, trained);
    try {
      const doctor = await runDoctor(reopened, storesOf(reopened));
      assert.deepEqual(problems(doctor), []);
    } finally {
      reopened.close();
    }
    // A backup holds the registry, packages and datasets; the file to score is the user's.
    await useFromCli(restored, baselineIn(moved), trained);
  });

  test('absolute paths of a workspace written before the migration become relative when it opens', () => {
    asBeforeRelativePaths(join(moved, 'podium.db'), moved);
    assert.ok(storedPaths(join(moved, 'podium.db')).every((path) => path.startsWith(`${moved}/`)));
    open(moved, trained).close();
    for (const path of storedPaths(join(moved, 'podium.db')))
      assert.ok(!path.startsWith('/'), `${path} is still absolute`);
  });

  test('doctor --repair re-roots the paths of a workspace moved before the migration', async () => {
    asBeforeRelativePaths(join(moved, 'podium.db'), moved);
    renameSync(moved, movedAgain);

    // The migration finds nothing under the new folder: the paths still name the old one.
    const checked = await commandOutcome<DoctorReport>([registerDoctor], movedAgain, ['doctor']);
    assert.equal(checked.exitCode, 1);
    const found = problems(checked.json);
    assert.ok(found.length > 0);
    for (const finding of found) {
      assert.equal(finding.check, 'path', `${finding.check}: ${finding.what}`);
      assert.match(finding.what, /point outside this workspace/);
      assert.match(finding.action ?? '', /^re-root/);
    }
    assert.ok(found.some((finding) => /model package/.test(finding.what)));

    const repaired = await commandOutcome<DoctorReport>([registerDoctor], movedAgain, ['doctor', '--repair']);
    assert.equal(repaired.exitCode, 0, JSON.stringify(problems(repaired.json)));
    assert.equal(repaired.json.repaired, found.length);
    for (const path of storedPaths(join(movedAgain, 'podium.db')))
      assert.ok(!path.startsWith('/'), `${path} is still absolute`);

    const clean = await commandOutcome<DoctorReport>([registerDoctor], movedAgain, ['doctor']);
    assert.deepEqual(problems(clean.json), []);
    await useFromCli(movedAgain, baselineIn(movedAgain), trained);
  });

  test('an old backup restored elsewhere warns, and doctor --repair re-roots it there', async () => {
    const dir = tempDir('podium-moved-old-backup-');
    const backup = join(dir, 'workspace.tgz');
    const oldStyle = join(dir, 'old-style.tgz');
    const workspace = open(movedAgain, trained);
    try {
      await createBackup(workspace, storesOf(workspace), backup);
    } finally {
      workspace.close();
    }
    // Taken by a Podium that stored absolute paths, of a folder that is gone.
    await tamperedBackup(backup, oldStyle, (unpacked) =>
      asBeforeRelativePaths(join(unpacked, 'podium.db'), join(parent, 'lost disk', 'workspace')),
    );
    const report = await restoreBackup(elsewhere, oldStyle);
    rmSync(dir, { recursive: true, force: true });
    assert.match(report.warning ?? '', /still point there.*podium doctor --repair/);

    const reopened = open(elsewhere, trained);
    try {
      const checked = await runDoctor(reopened, storesOf(reopened));
      assert.ok(problems(checked).length > 0);
      assert.ok(problems(checked).every((finding) => finding.check === 'path'));
      const repaired = await runDoctor(reopened, storesOf(reopened), { repair: true });
      assert.equal(repaired.remaining, 0, JSON.stringify(problems(repaired)));
      assert.deepEqual(problems(await runDoctor(reopened, storesOf(reopened))), []);
    } finally {
      reopened.close();
    }
    // Run folders are not in a backup; their rows follow the packages to the new folder all the same.
    for (const path of storedPaths(join(elsewhere, 'podium.db')))
      assert.ok(!path.startsWith('/'), `${path} is still absolute`);
    await useFromCli(elsewhere, baselineIn(movedAgain), trained);
  });

  test('doctor stores relative a path kept absolute under another spelling of the folder', async () => {
    const db = new Database(join(movedAgain, 'podium.db'), { fileMustExist: true });
    db.prepare("UPDATE model_versions SET package_path = ? || '/' || package_path WHERE version = 1").run(
      movedAgain,
    );
    db.close();
    const checked = await commandOutcome<DoctorReport>([registerDoctor], movedAgain, ['doctor']);
    const [finding] = problems(checked.json);
    assert.equal(problems(checked.json).length, 1);
    assert.match(finding?.what ?? '', /1 model package path\(s\) stored as absolute paths/);
    const repaired = await commandOutcome<DoctorReport>([registerDoctor], movedAgain, ['doctor', '--repair']);
    assert.equal(repaired.exitCode, 0);
    assert.ok(storedPaths(join(movedAgain, 'podium.db')).includes('artifacts/models/credit-risk/v1'));
  });

  test('a copy of a workspace written before the migration uses its own files, not the original ones', async () => {
    const copied = join(parent, 'copy');
    asBeforeRelativePaths(join(movedAgain, 'podium.db'), movedAgain);
    cpSync(movedAgain, copied, { recursive: true });
    // The original is still there, so every old path exists: the copy must stop using them all the same.
    const repaired = await commandOutcome<DoctorReport>([registerDoctor], copied, ['doctor', '--repair']);
    assert.equal(repaired.exitCode, 0, JSON.stringify(problems(repaired.json)));
    assert.ok(problems(repaired.json).some((finding) => /model package/.test(finding.what)));
    for (const path of storedPaths(join(copied, 'podium.db')))
      assert.ok(!path.startsWith('/'), `${path} is still absolute`);
    assert.ok(storedPaths(join(movedAgain, 'podium.db')).some((path) => path.startsWith(`${movedAgain}/`)));
  });
});
