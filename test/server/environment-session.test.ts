import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { PodiumErrorData } from '../../main/app/index.js';
import { openUiSession, type UiSession } from '../../main/server/index.js';
import { assertOutput, eventProblem } from '../helpers/contract-check.js';
import { type TrainedWorkspace, trainedWorkspace } from '../helpers/trained-workspace.js';

// The session reads config the way `podium ui` does (files + PODIUM_* variables): carol approves in prod.
process.env.PODIUM_PROD_APPROVERS = '[carol]';

let trained: TrainedWorkspace;
let session: UiSession;
const events: string[] = [];
const eventProblems: string[] = [];

before(async () => {
  trained = await trainedWorkspace({ samples: 1200 });
  const devDir = trained.workspace.paths.root;
  trained.workspace.close();
  session = await openUiSession({ devDir, actor: 'carol' });
  session.bridge.subscribe((message) => {
    events.push(message.event);
    const problem = eventProblem(message);
    if (problem !== null) eventProblems.push(problem);
  });
});

after(async () => {
  await session?.close();
  rmSync(`${trained.workspace.paths.root}-prod`, { recursive: true, force: true });
  rmSync(trained.workspace.paths.root, { recursive: true, force: true });
  assert.deepEqual(eventProblems, [], eventProblems.join('\n'));
});

async function call(name: string, input: unknown): Promise<unknown> {
  const result = await session.bridge.call(name, input);
  if ('error' in result) throw result.error;
  assertOutput(name, result.data);
  return result.data;
}

async function refusal(name: string, input: unknown): Promise<PodiumErrorData> {
  const result = await session.bridge.call(name, input);
  assert.ok('error' in result, `${name} should have been refused`);
  return result.error;
}

test('dev releases to prod; the switch opens prod; a prod promotion waits for an approver and is audited', async () => {
  const dev = (await call('environment.get', {})) as {
    environment: string;
    canSwitch: boolean;
    actor: string;
  };
  assert.equal(dev.environment, 'dev');
  assert.equal(dev.canSwitch, true);
  assert.equal(dev.actor, 'carol');

  const model = trained.champion.modelName;
  const release = (await call('release.toProd', { model, version: 2, reason: 'ship the drift model' })) as {
    version: number;
    stage: string;
    source: { version: number };
  };
  assert.deepEqual([release.version, release.stage, release.source.version], [1, 'challenger', 2]);
  assert.equal((await refusal('release.toProd', { model, version: 2 })).code, 'CONFLICT');

  const prod = (await call('environment.switch', { environment: 'prod' })) as {
    environment: string;
    workspace: string;
    requireApproval: boolean;
    approvers: string[];
  };
  assert.equal(prod.environment, 'prod');
  assert.equal(prod.workspace, `${trained.workspace.paths.root}-prod`);
  assert.equal(prod.requireApproval, true);
  assert.deepEqual(prod.approvers, ['carol']);
  assert.ok(events.includes('environment.changed'));
  assert.equal(session.workspace.environment, 'prod');
  // Prod trains nothing and releases nothing: both are refused with a pointer to release.
  assert.equal((await refusal('release.toProd', { model, version: 1 })).code, 'USAGE');

  const requested = (await call('decisions.promote', { model, version: 1, reason: 'go live' })) as {
    id: number;
    outcome: string;
  };
  assert.equal(requested.outcome, 'awaiting_approval');
  const pending = (await call('approvals.list', {})) as { approvals: { decisionId: number; stale: null }[] };
  assert.deepEqual(
    pending.approvals.map((a) => [a.decisionId, a.stale]),
    [[requested.id, null]],
  );

  const approved = (await call('approvals.approve', { decisionId: requested.id, reason: 'checked' })) as {
    verdict: string;
    champion: { after: number };
  };
  assert.deepEqual([approved.verdict, approved.champion.after], ['approved', 1]);
  assert.equal((await refusal('approvals.approve', { decisionId: requested.id })).code, 'CONFLICT');
  assert.equal((await refusal('approvals.approve', { decisionId: 0 })).code, 'USAGE');

  const audit = (await call('audit.list', { model })) as { entries: { action: string; actor: string }[] };
  assert.deepEqual(
    audit.entries.map((e) => `${e.action}:${e.actor}`),
    ['approved:carol', 'promotion_requested:carol', 'release:carol'],
  );

  // Back to dev: the dev registry is as it was, and prod's champion stays in prod.
  await call('environment.switch', { environment: 'dev' });
  assert.equal(session.workspace.environment, 'dev');
  const versions = (await call('registry.versions', { model })) as { version: number; stage: string }[];
  assert.deepEqual(versions.map((v) => `${v.version}:${v.stage}`).sort(), ['1:champion', '2:challenger']);
});

test('an unknown environment is refused naming the field', async () => {
  const error = await refusal('environment.switch', { environment: 'staging' });
  assert.equal(error.code, 'USAGE');
  assert.match(error.message, /environment/);
});
