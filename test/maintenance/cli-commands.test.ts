import assert from 'node:assert/strict';
import { existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { registerBackup } from '../../main/cli/commands/backup.js';
import { registerDoctor } from '../../main/cli/commands/doctor.js';
import { registerPortable } from '../../main/cli/commands/portable.js';
import { registerRestore } from '../../main/cli/commands/restore.js';
import type {
  DoctorReport,
  ImportReport,
  PreviousState,
  RestoreReport,
  UndoReport,
} from '../../main/maintenance/index.js';
import { type CommandOutcome, commandOutcome } from '../helpers/in-process-cli.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';
import { tempDir, tempWorkspace } from '../helpers/workspace.js';

/** Runs one of the safety commands in this process (doctor exits 1 on remaining problems, which is not a test failure). */
function run<T>(workspaceDir: string, args: string[]): Promise<CommandOutcome<T>> {
  return commandOutcome<T>(
    [registerDoctor, registerBackup, registerRestore, registerPortable],
    workspaceDir,
    args,
  );
}

describe('doctor, backup, restore, export and import commands (in process)', () => {
  let trained: TrainedWorkspace;
  let root: string;
  const files = tempDir('podium-cli-files-');

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
    root = trained.workspace.paths.root;
  });
  after(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  test('doctor exits 0 when healthy, 1 while problems remain, 0 after --repair', async () => {
    assert.equal((await run<DoctorReport>(root, ['doctor'])).exitCode, 0);
    const stray = join(trained.workspace.paths.models, '.podium-tmp-000000000000');
    writeFileSync(stray, 'left over');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(stray, past, past);
    const found = await run<DoctorReport>(root, ['doctor']);
    assert.equal(found.exitCode, 1);
    assert.equal(found.json.remaining, 1);
    const repaired = await run<DoctorReport>(root, ['doctor', '--repair']);
    assert.equal(repaired.exitCode, 0);
    assert.equal(repaired.json.repaired, 1);
    assert.ok(!existsSync(stray));
  });

  test('export then import into another workspace; backup then restore', async () => {
    const exported = join(files, 'v2.tgz');
    assert.equal((await run(root, ['export', 'credit-risk:2', exported])).exitCode, 0);
    const other = tempWorkspace();
    try {
      const imported = await run<ImportReport>(other.paths.root, ['import', exported, '--model', 'imported']);
      assert.equal(imported.exitCode, 0);
      assert.equal(imported.json.model, 'imported');
      assert.equal(imported.json.stage, 'challenger');
    } finally {
      other.cleanup();
    }

    const backup = join(files, 'backup.tgz');
    assert.equal((await run(root, ['backup', backup])).exitCode, 0);
    trained.workspace.close();
    const restored = await run<RestoreReport>(root, ['restore', backup]);
    assert.equal(restored.exitCode, 0);
    assert.equal(restored.json.versions, 2);
    assert.ok(existsSync(restored.json.previous_state));
    assert.equal((await run<DoctorReport>(root, ['doctor'])).exitCode, 0);

    const refused = await run<{ error: { code: string } }>(root, ['restore', join(files, 'missing.tgz')]);
    assert.equal(refused.exitCode, 1);
    assert.equal(refused.json.error.code, 'NOT_FOUND');
  });

  test('restore --list-previous shows what the restore replaced; --undo puts it back, and is undoable', async () => {
    const listed = await run<{ previous_states: PreviousState[] }>(root, ['restore', '--list-previous']);
    assert.equal(listed.exitCode, 0);
    assert.equal(listed.json.previous_states.length, 1);
    assert.equal(listed.json.previous_states[0].versions, 2);
    assert.equal(listed.json.previous_states[0].environment, 'dev');

    const undone = await run<UndoReport>(root, ['restore', '--undo', listed.json.previous_states[0].name]);
    assert.equal(undone.exitCode, 0);
    assert.equal(undone.json.restored, listed.json.previous_states[0].name);
    const again = await run<UndoReport>(root, ['restore', '--undo']);
    assert.equal(again.exitCode, 0);
    assert.equal(again.json.restored, undone.json.previous_state.split(/[\\/]/).pop());
    assert.equal((await run<DoctorReport>(root, ['doctor'])).exitCode, 0);

    const unknown = await run<{ error: { code: string; message: string } }>(root, [
      'restore',
      '--undo',
      'nope',
    ]);
    assert.equal(unknown.exitCode, 1);
    assert.equal(unknown.json.error.code, 'NOT_FOUND');
    const both = await run<{ error: { code: string } }>(root, ['restore', '--list-previous', '--undo']);
    assert.equal(both.exitCode, 2);
    assert.equal(both.json.error.code, 'USAGE');
    const none = await run<{ error: { code: string } }>(root, ['restore']);
    assert.equal(none.exitCode, 2);

    const empty = tempWorkspace();
    empty.close();
    const nothing = await run<{ error: { code: string; message: string } }>(empty.paths.root, [
      'restore',
      '--undo',
    ]);
    assert.equal(nothing.exitCode, 1);
    assert.match(nothing.json.error.message, /Nothing to undo/);
    empty.cleanup();
  });
});
