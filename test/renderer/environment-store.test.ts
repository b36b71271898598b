import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnvironmentInfo } from '../../main/contract/index.js';
import {
  approvalBlocker,
  createEnvironmentStore,
  otherEnvironment,
} from '../../renderer/store/environment-store.js';
import { standInClient } from './stand-in-client.js';

const prod: EnvironmentInfo = {
  environment: 'prod',
  workspace: '/w-prod',
  podiumVersion: '0.1.0',
  actor: 'carol',
  requireApproval: true,
  approvers: ['carol'],
  approversKey: 'prod.approvers',
  canSwitch: true,
};

test('who may approve is explained before the buttons are pressed', () => {
  assert.equal(approvalBlocker(prod), null);
  assert.match(approvalBlocker({ ...prod, approvers: [] }) ?? '', /set prod\.approvers/);
  assert.match(
    approvalBlocker({ ...prod, actor: 'mallory' }) ?? '',
    /mallory.*not in prod\.approvers \(carol\)/,
  );
  assert.equal(approvalBlocker({ ...prod, requireApproval: false, approvers: [] }), null);
  assert.equal(otherEnvironment('dev'), 'prod');
  assert.equal(otherEnvironment('prod'), 'dev');
});

test('a refused switch keeps the open environment and shows the error; an approval reloads the lists', async () => {
  let pending = [
    {
      decisionId: 4,
      modelName: 'm',
      championVersion: 1,
      challengerVersion: 2,
      requestedBy: 'dana',
      summary: 'Promote v2',
      createdAt: '2026-11-23T10:00:00Z',
      stale: null,
    },
  ];
  const stand = standInClient({
    'environment.get': () => prod,
    'environment.switch': () => ({ code: 'CONFLICT', message: 'This window was opened on one environment' }),
    'approvals.list': () => ({ approvals: pending }),
    'audit.list': () => ({ entries: [] }),
    'approvals.approve': ({ decisionId }) => {
      pending = [];
      return {
        decisionId,
        verdict: 'approved',
        approver: 'carol',
        reason: '',
        modelName: 'm',
        champion: { before: 1, after: 2 },
        challengerVersion: 2,
      };
    },
  });
  const store = createEnvironmentStore(stand.client);
  await store.getState().load();
  assert.equal(store.getState().approvals.data?.approvals.length, 1);

  assert.equal(await store.getState().switchTo('dev'), false);
  assert.equal(store.getState().actionError?.code, 'CONFLICT');
  assert.equal(store.getState().info.data?.environment, 'prod');
  assert.equal(store.getState().switchingTo, null);

  await store.getState().answer(4, 'approve', '');
  assert.match(store.getState().lastMessage ?? '', /m v2 is the champion/);
  assert.equal(store.getState().approvals.data?.approvals.length, 0);
  // An empty reason is left out rather than sent as ''.
  assert.deepEqual(stand.calls.find((c) => c.name === 'approvals.approve')?.input, { decisionId: 4 });
});
