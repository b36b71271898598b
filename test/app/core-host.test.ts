import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PodiumEventMessage, TrainingResult } from '../../main/app/index.js';
import { CoreHostClient, forkNodeHost, PodiumError } from '../../main/app/index.js';
import { generateSampleData } from '../../main/data/index.js';
import { jobOutcome } from '../api/api-fixture.js';
import { tempDir } from '../helpers/workspace.js';
import { type HostFixture, hostFixture, isRunning } from './host-fixture.js';

/** The core host as the shells run it: a real child process, answering over its IPC channel. */
describe('the core host in its own process', () => {
  let host: HostFixture;
  const events: PodiumEventMessage[] = [];

  before(async () => {
    host = await hostFixture();
    host.client.subscribe((message) => events.push(message as PodiumEventMessage));
  });
  after(async () => {
    await host?.close();
  });

  it('runs in another process', () => {
    const pid = host.client.pid;
    assert.ok(pid !== undefined && pid !== process.pid && isRunning(pid));
    assert.deepEqual(host.statuses, ['starting', 'ready']);
  });

  it('answers operations with data, and errors as data without stacks', async () => {
    const csvText = generateSampleData({ samples: 400, drift: false, seed: 5 });
    const dataset = await host.client.send('data.ingest', { fileName: 'host.csv', csvText });
    const listed = await host.client.send('data.list', {});
    assert.deepEqual(
      listed.map((d) => d.id),
      [dataset.id],
    );
    assert.equal((await host.client.sendCatch('overview.get', {})).error, undefined);

    const answers = await Promise.all([
      host.client.sendCatch('registry.versions', { model: 'nobody' }),
      host.client.call('models.destroyEverything', {}),
      host.client.call('data.profile', 'not an object'),
    ]);
    assert.deepEqual(
      answers.map((answer) => ('error' in answer ? answer.error?.code : 'data')),
      ['NOT_FOUND', 'NOT_FOUND', 'USAGE'],
    );
    for (const answer of answers) assert.doesNotMatch(JSON.stringify(answer), /stack|\.js:\d+/);
    await assert.rejects(host.client.send('data.profile', { datasetId: 'nope' }), (error: unknown) => {
      assert.ok(!(error instanceof Error), 'rejects with plain data, not an Error');
      assert.equal((error as { code: string }).code, 'NOT_FOUND');
      return true;
    });
  });

  it('streams a training job’s events from the host', async () => {
    const [dataset] = await host.client.send('data.list', {});
    const { jobId } = await host.client.send('train.start', {
      datasetId: dataset.id,
      target: 'target',
      modelType: 'linear',
    });
    const result = (await jobOutcome(host.client, jobId)) as TrainingResult;
    assert.ok(result.runId, JSON.stringify(result));
    const ofJob = events.filter((m) => 'jobId' in m.payload && m.payload.jobId === jobId).map((m) => m.event);
    assert.ok(ofJob.includes('job.progress'), ofJob.join());
    assert.equal(ofJob.at(-1), 'job.done');
  });

  it('switches environment inside the host, and restarts in the environment it was in', async () => {
    const prod = await host.client.send('environment.switch', { environment: 'prod' });
    assert.equal(prod.environment, 'prod');
    assert.ok(events.some((m) => m.event === 'environment.changed' && m.payload.environment === 'prod'));

    // A host killed mid-request: the request gets a clean UNAVAILABLE, and the host comes back.
    const killed = host.client.pid;
    assert.ok(killed !== undefined);
    const inFlight = host.client.sendCatch('data.ingest', {
      fileName: 'big.csv',
      csvText: generateSampleData({ samples: 20_000, drift: false, seed: 6 }),
    });
    process.kill(killed, 'SIGKILL');
    const answer = await inFlight;
    assert.equal(answer.error?.code, 'UNAVAILABLE', JSON.stringify(answer));
    assert.match(answer.error?.message ?? '', /data\.ingest/);
    assert.equal(answer.error?.details?.operation, 'data.ingest');

    // Calls made while it restarts wait for it rather than fail.
    const again = await host.client.send('environment.get', {});
    assert.equal(again.environment, 'prod');
    assert.notEqual(host.client.pid, killed);
    assert.ok(!isRunning(killed));
    assert.deepEqual(host.statuses.slice(-2), ['restarting', 'ready']);

    await host.client.send('environment.switch', { environment: 'dev' });
    // What the first host stored is still there: nothing was lost with its process.
    assert.equal((await host.client.send('data.list', {})).length, 1);
  });

  it('stops the host on close and never restarts it', async () => {
    const pid = host.client.pid;
    assert.ok(pid !== undefined);
    await host.client.close();
    assert.ok(!isRunning(pid));
    assert.equal(host.statuses.at(-1), 'stopped');
    const answer = await host.client.call('data.list', {});
    assert.ok('error' in answer && answer.error.code === 'UNAVAILABLE');
  });
});

describe('a core host that cannot open its workspace', () => {
  it('fails to start with its error as data, and is not restarted', async () => {
    const dir = tempDir('podium-host-bad-');
    // A file where the workspace folder should be.
    const devDir = join(dir, 'not-a-folder');
    writeFileSync(devDir, 'x');
    const launched: number[] = [];
    const launch = forkNodeHost({ cwd: dir });
    await assert.rejects(
      CoreHostClient.start({
        launch: (options) => {
          const child = launch(options);
          launched.push(1);
          return child;
        },
        host: { devDir, environment: 'dev' },
      }),
      (error: unknown) => {
        assert.ok(error instanceof PodiumError, String(error));
        assert.doesNotMatch(error.message, /\.js:\d+/);
        return true;
      },
    );
    assert.equal(launched.length, 1);
  });
});
