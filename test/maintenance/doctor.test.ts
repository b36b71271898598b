import assert from 'node:assert/strict';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TEMP_MARKER } from '../../main/common/files.js';
import { type DoctorReport, type Finding, runDoctor } from '../../main/maintenance/index.js';
import { VersionStore } from '../../main/registry/index.js';
import { RunStore } from '../../main/tracking/index.js';
import { storesOf } from '../helpers/stores.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

/** Sets a file's (or a whole folder's) times to two hours ago: older than doctor's in-progress window. */
function age(path: string): void {
  const past = new Date(Date.now() - 2 * 3_600_000);
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) age(join(path, name));
  utimesSync(path, past, past);
}

function problems(report: DoctorReport): Finding[] {
  return report.findings.filter((f) => f.severity === 'problem');
}

function find(report: DoctorReport, check: Finding['check'], where: RegExp): Finding {
  const found = report.findings.find((f) => f.check === check && where.test(f.where));
  assert.ok(found, `no ${check} finding at ${where}: ${JSON.stringify(report.findings, null, 2)}`);
  return found;
}

describe('podium doctor', () => {
  let trained: TrainedWorkspace;

  before(async () => {
    trained = await trainedWorkspace({ samples: 800 });
  });
  after(() => trained.workspace.cleanup());

  test('a freshly trained workspace is clean', async () => {
    const report = await runDoctor(trained.workspace, storesOf(trained.workspace));
    assert.deepEqual(problems(report), []);
    assert.equal(report.remaining, 0);
  });

  test('a columns file whose snapshot CSV is gone is removed; those beside their CSV are kept', async () => {
    const { paths } = trained.workspace;
    const kept = readdirSync(paths.datasets).filter((name) => name.endsWith('.columns'));
    assert.ok(kept.length > 0, 'training kept its snapshot as a columns file');
    const orphan = join(paths.datasets, `${'0'.repeat(64)}.columns`);
    writeFileSync(orphan, 'the Table of a snapshot deleted by hand');
    const found = await runDoctor(trained.workspace, storesOf(trained.workspace));
    const finding = find(found, 'orphan', /datasets\/0{64}\.columns/);
    assert.match(finding.what, /columns file of a dataset snapshot whose CSV is gone/);
    assert.equal(found.problems, 1, JSON.stringify(found.findings, null, 2));
    const repaired = await runDoctor(trained.workspace, storesOf(trained.workspace), { repair: true });
    assert.equal(repaired.repaired, 1);
    assert.equal(existsSync(orphan), false);
    for (const name of kept) assert.ok(existsSync(join(paths.datasets, name)), name);
  });

  test('a row pointing at nothing fails the foreign key check and is left for a person', async () => {
    const { db } = trained.workspace;
    db.pragma('foreign_keys = OFF');
    db.prepare(
      `INSERT INTO transitions (version_id, from_stage, to_stage, actor, reason, created_at)
       VALUES (9999, 'none', 'none', 'test', 'dangling', '2026-01-01T00:00:00Z')`,
    ).run();
    db.pragma('foreign_keys = ON');
    try {
      const report = await runDoctor(trained.workspace, storesOf(trained.workspace), { repair: true });
      const finding = find(report, 'database', /podium\.db/);
      assert.match(finding.what, /transitions refers to a missing row in model_versions/);
      assert.equal(finding.repaired, false);
      assert.equal(report.remaining, 1);
    } finally {
      db.prepare('DELETE FROM transitions WHERE version_id = 9999').run();
    }
  });

  test('finds each kind of damage, repairs what is safe, and a second run is clean', async () => {
    const { workspace, champion, challenger, clock } = trained;
    const { paths } = workspace;
    const versions = new VersionStore(workspace.db, workspace.clock, workspace.paths.root);
    const runs = new RunStore(workspace.db, workspace.clock, workspace.paths.root);
    const rowsBefore = versions.list().length;

    // A changed file in the challenger's package, and the champion's package gone.
    appendFileSync(join(challenger.packagePath, 'signature.json'), ' ');
    rmSync(champion.packagePath, { recursive: true });
    // Leftovers of interrupted atomic writes, one of them a whole staging folder.
    const strayFile = join(paths.datasets, `${TEMP_MARKER}0123456789ab`);
    writeFileSync(strayFile, 'half a dataset');
    const strayDir = join(paths.models, 'credit-risk', `${TEMP_MARKER}ba9876543210`);
    mkdirSync(strayDir);
    writeFileSync(join(strayDir, 'manifest.json'), '{}');
    // A package folder with no version row (a crash between write and insert), and a run folder with no run.
    const orphan = join(paths.models, 'credit-risk', 'v9');
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'manifest.json'), '{"version": 9}');
    const orphanRun = join(paths.runs, 'run-that-was-cleaned-up');
    mkdirSync(orphanRun);
    writeFileSync(join(orphanRun, 'log.txt'), 'epoch 1');
    for (const path of [strayFile, strayDir, orphan, orphanRun]) age(path);
    // A temporary file written just now may be a write in progress: noted, not touched.
    const freshTemp = join(paths.models, `${TEMP_MARKER}fresh0000000`);
    writeFileSync(freshTemp, 'being written');
    // A run whose process died: marked running, silent for more than a day.
    const abandoned = runs.start({ experiment: 'podium', name: 'credit-risk crashed' });
    clock.advance(25 * 3_600_000);

    const found = await runDoctor(workspace, storesOf(workspace));
    assert.match(find(found, 'package', /credit-risk v2/).what, /hash differs/);
    const missing = find(found, 'package', /credit-risk v1/);
    assert.match(missing.what, /champion's package folder is missing/);
    assert.match(missing.action ?? '', /no champion until you promote/);
    find(found, 'temp', new RegExp(`datasets/${TEMP_MARKER}`));
    find(found, 'temp', new RegExp(`credit-risk/${TEMP_MARKER}`));
    find(found, 'orphan', /artifacts\/models\/credit-risk\/v9/);
    find(found, 'orphan', /run-that-was-cleaned-up/);
    find(found, 'run', new RegExp(`run ${abandoned}|crashed`));
    assert.equal(find(found, 'temp', /fresh0000000/).severity, 'notice');
    assert.equal(found.problems, 7);
    assert.equal(found.repaired, 0);
    assert.equal(found.remaining, 7);
    assert.ok(existsSync(strayFile), 'without --repair nothing changes');

    const repaired = await runDoctor(workspace, storesOf(workspace), { repair: true });
    assert.equal(repaired.problems, 7);
    assert.equal(repaired.repaired, 7, JSON.stringify(repaired.findings, null, 2));
    assert.equal(repaired.remaining, 0);

    // Broken versions are archived with the reason in their history; no row is deleted.
    assert.equal(versions.list().length, rowsBefore);
    assert.equal(versions.byId(champion.id).stage, 'archived');
    assert.equal(versions.byId(challenger.id).stage, 'archived');
    assert.equal(versions.champion('credit-risk'), null);
    const history = versions.transitions('credit-risk');
    const archiving = history.filter((t) => t.actor === 'podium doctor');
    assert.equal(archiving.length, 2);
    assert.ok(
      archiving.some((t) => t.fromStage === 'champion' && /package folder is missing/.test(t.reason)),
    );
    assert.ok(archiving.some((t) => t.fromStage === 'challenger' && /hash differs/.test(t.reason)));
    // Leftovers removed; orphans moved to quarantine, not deleted.
    assert.ok(!existsSync(strayFile));
    assert.ok(!existsSync(strayDir));
    assert.ok(!existsSync(orphan));
    const quarantine = join(paths.root, 'quarantine');
    const [stamp] = readdirSync(quarantine);
    assert.ok(
      existsSync(join(quarantine, stamp, 'artifacts', 'models', 'credit-risk', 'v9', 'manifest.json')),
    );
    assert.ok(existsSync(join(quarantine, stamp, 'artifacts', 'runs', 'run-that-was-cleaned-up', 'log.txt')));
    assert.ok(existsSync(freshTemp), 'a write in progress is left alone');
    assert.equal(runs.get(abandoned).status, 'failed');
    assert.match(runs.get(abandoned).error ?? '', /abandoned/);

    const again = await runDoctor(workspace, storesOf(workspace));
    assert.deepEqual(problems(again), []);
    // The archived versions' broken packages stay visible as notices.
    assert.equal(find(again, 'package', /credit-risk v1/).severity, 'notice');
    rmSync(freshTemp);
  });
});
