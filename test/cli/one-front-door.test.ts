import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApi } from '../../main/app/create-api.js';
import { createLocalClient } from '../../main/app/local-client.js';
import { registerAlerts } from '../../main/cli/commands/alerts.js';
import { registerEvaluate } from '../../main/cli/commands/evaluate.js';
import { registerLineage } from '../../main/cli/commands/lineage.js';
import { registerPortable } from '../../main/cli/commands/portable.js';
import type { PodiumErrorData } from '../../main/contract/index.js';
import { openWorkspace } from '../../main/workspace/index.js';
import { commandOutcome } from '../helpers/in-process-cli.js';
import { alertServiceFor } from '../helpers/stores.js';
import { defaultConfig, tempWorkspace } from '../helpers/workspace.js';

type ErrorOutput = { error: PodiumErrorData };

const registers = [registerAlerts, registerEvaluate, registerLineage, registerPortable];

/** The CLI calls the UI's operations: the same refusals, messages and audit names on both paths. */
describe('the CLI goes through the operation table', () => {
  const workspace = tempWorkspace();
  const root = workspace.paths.root;
  before(() => {
    // A raised alert, as a drift check would leave it.
    alertServiceFor(workspace).raise({
      rule: 'dataset_drift',
      modelName: 'credit-risk',
      title: 'credit-risk drifted',
      message: 'age drifted',
      evidence: { driftedFeatures: ['age'], checkedFeatures: 5 },
    });
  });
  after(() => {
    workspace.cleanup();
    rmSync(`${root}-prod`, { recursive: true, force: true });
  });

  test('alerts --resolve resolves through alerts.resolve, named after the OS user', async () => {
    const resolved = await commandOutcome<Record<string, unknown>>(registers, root, [
      'alerts',
      '--resolve',
      '1',
    ]);
    assert.equal(resolved.exitCode, 0);
    assert.equal(resolved.json.status, 'resolved');
    assert.equal(resolved.json.resolved_by, userInfo().username);
    assert.equal(resolved.json.dedup_key, 'dataset_drift:credit-risk');
    assert.deepEqual(resolved.json.delivery, {
      status: 'none',
      attempts: 0,
      last_status: null,
      last_error: null,
      delivered_at: null,
    });
    const missing = await commandOutcome<ErrorOutput>(registers, root, ['alerts', '--ack', '99']);
    assert.equal(missing.exitCode, 1);
    assert.equal(missing.json.error.code, 'NOT_FOUND');
  });

  test("an operation's refusal reaches the CLI as its code and message, with exit 1 or 2", async () => {
    const evaluated = await commandOutcome<ErrorOutput>(registers, root, ['evaluate', 'credit-risk:9']);
    assert.equal(evaluated.exitCode, 1);
    assert.equal(evaluated.json.error.code, 'NOT_FOUND');
    assert.match(evaluated.json.error.message, /credit-risk/);
    const api = createApi({ workspace });
    try {
      const direct = await createLocalClient(api).sendCatch('decisions.evaluate', {
        model: 'credit-risk',
        version: 9,
      });
      assert.deepEqual(direct.error, evaluated.json.error);
    } finally {
      await api.close();
    }
    const badRef = await commandOutcome<ErrorOutput>(registers, root, ['lineage', 'not-a-version']);
    assert.equal(
      badRef.exitCode,
      2,
      'a reference that is neither a prediction nor a version is a usage error',
    );
    assert.match(badRef.json.error.message, /"not-a-version" is not a model version/);
  });

  test('import is refused in prod with one message, from the CLI and from versions.import', async () => {
    const archive = join(root, 'elsewhere.tgz');
    const previous = process.env.PODIUM_ENV;
    process.env.PODIUM_ENV = 'prod';
    let fromCli: Awaited<ReturnType<typeof commandOutcome<ErrorOutput>>>;
    try {
      fromCli = await commandOutcome<ErrorOutput>(registers, root, ['import', archive]);
    } finally {
      if (previous === undefined) delete process.env.PODIUM_ENV;
      else process.env.PODIUM_ENV = previous;
    }
    assert.equal(fromCli.exitCode, 2);
    assert.match(fromCli.json.error.message, /import is not available in prod/);

    const prod = openWorkspace(`${root}-prod`, { config: defaultConfig(), environment: 'prod' });
    const api = createApi({ workspace: prod });
    try {
      const direct = await createLocalClient(api, { local: true }).sendCatch('versions.import', {
        file: archive,
      });
      assert.deepEqual(direct.error, fromCli.json.error);
      // A window or the browser never names a file on this machine: the bridge refuses first.
      const bridged = await createLocalClient(api).sendCatch('versions.import', { file: archive });
      assert.equal(bridged.error?.code, 'USAGE');
      assert.match(bridged.error?.message ?? '', /^versions\.import: runs only from the command line/);
    } finally {
      await api.close();
      prod.close();
    }
  });
});
