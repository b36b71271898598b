import assert from 'node:assert/strict';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApi, createLocalClient } from '../../main/app/index.js';
import { registerDeploy } from '../../main/cli/commands/deploy.js';
import type { DeployReport } from '../../main/contract/index.js';
import { commandJson, commandOutcome } from '../helpers/in-process-cli.js';
import { registryFixture } from '../helpers/registry-fixture.js';
import { fakeClock, tempDir } from '../helpers/workspace.js';
import { officialSchemaError, readManifests, schemaErrors } from './cluster-schemas.js';

/**
 * `podium deploy kserve|kubernetes`: what it writes is checked against the schemas of the
 * cluster's objects (test/fixtures/k8s), and those schemas are checked to refuse wrong manifests.
 */
const fixture = registryFixture(fakeClock());
const out = tempDir('podium-deploy-');
type ErrorJson = { error: { code: string; message: string } };
// biome-ignore lint/suspicious/noExplicitAny: YAML read back and walked by path; the schemas check its shape
type Doc = Record<string, any>;

before(() => {
  const champion = fixture.register('churn', 'binary', 1);
  fixture.versions.promote(champion.id, { actor: 'test', reason: 'fixture' });
  const challenger = fixture.register('churn', 'binary', 2);
  fixture.versions.setStage(challenger.id, 'challenger', { actor: 'test', reason: 'fixture' });
});
after(() => {
  fixture.workspace.cleanup();
  rmSync(out, { recursive: true, force: true });
});

const deploy = (args: string[]) =>
  commandJson<DeployReport>([registerDeploy], fixture.workspace.paths.root, ['deploy', ...args]);
const refused = (args: string[]) =>
  commandOutcome<ErrorJson>([registerDeploy], fixture.workspace.paths.root, ['deploy', ...args]);

/** Every document of every file the report names, each valid against its schema. */
function validManifests(report: DeployReport): Doc[] {
  return report.files.flatMap(({ file }) =>
    readManifests(file).map((document) => {
      assert.deepEqual(schemaErrors(document), [], `${file} ${String(document.kind)}`);
      assert.equal(officialSchemaError(document), null, `${file} ${String(document.kind)}`);
      return document as Doc;
    }),
  );
}

function podiumContainer(container: Doc, image: string): void {
  assert.equal(container.image, image);
  assert.deepEqual(container.ports, [{ name: 'http1', containerPort: 8080, protocol: 'TCP' }]);
  // The pod's address, not loopback: the kubelet's probes come from outside the container.
  const args = container.args as string[];
  assert.equal(args[args.indexOf('--host') + 1], '0.0.0.0');
  assert.equal(args[args.indexOf('--port') + 1], '8080');
  assert.equal(container.readinessProbe.httpGet.path, '/v2/health/ready');
  assert.equal(container.livenessProbe.httpGet.path, '/v2/health/live');
  const token = (container.env as Doc[]).find((entry) => entry.name === 'PODIUM_SERVICE_TOKEN_SHA256');
  assert.deepEqual(token?.valueFrom, { secretKeyRef: { name: 'churn-podium-token', key: 'token-sha256' } });
  assert.ok(container.resources.limits.memory);
}

describe('podium deploy kserve', () => {
  it('serves the champion from the Podium image as a custom predictor speaking protocol v2', async () => {
    const report = await deploy([
      'kserve',
      'churn:champion',
      '--out',
      join(out, 'image'),
      '--namespace',
      'models',
    ]);
    assert.equal(report.champion.version, 1);
    assert.equal(report.champion.image, 'podium/dev-churn:v1');
    assert.equal(report.challenger, null);
    const [isvc] = validManifests(report);
    assert.equal(isvc.apiVersion, 'serving.kserve.io/v1beta1');
    assert.equal(isvc.metadata.name, 'churn');
    assert.equal(isvc.metadata.namespace, 'models');
    assert.equal(isvc.metadata.labels['podium/version'], '1');
    assert.equal(isvc.spec.predictor.containers[0].name, 'kserve-container');
    podiumContainer(isvc.spec.predictor.containers[0], 'podium/dev-churn:v1');
    assert.ok(report.steps.some((step) => step.includes('create secret generic churn-podium-token')));
    assert.ok(report.steps.some((step) => step.includes('--format docker')));
  });

  it('serves ONNX exports from storage, and the challenger as a canary with canaryTrafficPercent', async () => {
    const report = await deploy([
      'kserve',
      'churn:champion',
      '--out',
      join(out, 'canary'),
      '--storage-uri',
      's3://models/churn/v1/',
      '--challenger-storage-uri',
      's3://models/churn/v2',
      '--canary',
      '10',
    ]);
    assert.equal(report.rollout, 'canary');
    assert.equal(report.challenger?.version, 2, 'the model:challenger alias by default');
    assert.equal(report.files.length, 2);
    const [champion, canary] = validManifests(report);
    assert.deepEqual(champion.spec.predictor, {
      model: { modelFormat: { name: 'onnx' }, protocolVersion: 'v2', storageUri: 's3://models/churn/v1' },
    });
    // The same InferenceService: KServe splits traffic between its last rolled-out revision and this one.
    assert.equal(canary.metadata.name, champion.metadata.name);
    assert.equal(canary.spec.predictor.canaryTrafficPercent, 10);
    assert.equal(canary.spec.predictor.model.storageUri, 's3://models/churn/v2');
    assert.ok(report.steps.some((step) => step.includes('model.onnx --format onnx')));
    assert.ok(!report.steps.some((step) => step.includes('create secret')), 'no Podium image, no token');
  });

  it('runs a shadow as its own InferenceService with an Istio mirror of the champion traffic', async () => {
    const report = await deploy([
      'kserve',
      'churn:1',
      '--out',
      join(out, 'shadow'),
      '--shadow',
      '--challenger',
      'churn:2',
    ]);
    const [champion, shadow, mirror] = validManifests(report);
    assert.equal(shadow.metadata.name, 'churn-shadow');
    podiumContainer(shadow.spec.predictor.containers[0], 'podium/dev-churn:v2');
    for (const isvc of [champion, shadow])
      assert.equal(isvc.metadata.annotations['serving.kserve.io/deploymentMode'], 'RawDeployment');
    assert.equal(mirror.kind, 'VirtualService');
    const [route] = mirror.spec.http;
    assert.equal(route.route[0].destination.host, 'churn-predictor.default.svc.cluster.local');
    assert.equal(route.mirror.host, 'churn-shadow-predictor.default.svc.cluster.local');
    assert.deepEqual(route.mirrorPercentage, { value: 100 });
  });

  it('refuses what it cannot write, naming the flag or the file', async () => {
    const both = await refused(['kserve', 'churn:1', '--out', join(out, 'x'), '--shadow', '--canary', '5']);
    assert.equal(both.exitCode, 2);
    assert.match(both.json.error.message, /--canary PERCENT or --shadow/);
    const self = await refused([
      'kserve',
      'churn:1',
      '--out',
      join(out, 'y'),
      '--shadow',
      '--challenger',
      'churn:1',
    ]);
    assert.match(self.json.error.message, /another version of churn/);
    const mixed = await refused([
      'kserve',
      'churn:1',
      '--out',
      join(out, 'z'),
      '--storage-uri',
      's3://m/1',
      '--canary',
      '5',
    ]);
    assert.match(mixed.json.error.message, /--challenger-storage-uri/);
    const badUri = await refused([
      'kserve',
      'churn:1',
      '--out',
      join(out, 'z'),
      '--storage-uri',
      'models/churn',
    ]);
    assert.match(badUri.json.error.message, /storageUri/);
    assert.deepEqual(readdirSync(out).sort(), ['canary', 'image', 'shadow'], 'nothing written by a refusal');

    const kept = join(out, 'kept');
    await deploy(['kserve', 'churn:1', '--out', kept]);
    writeFileSync(join(kept, 'churn.yaml'), '# edited by hand\n');
    const again = await refused(['kserve', 'churn:1', '--out', kept]);
    assert.equal(again.json.error.code, 'CONFLICT');
    assert.match(again.json.error.message, /churn\.yaml already exists/);
  });
});

describe('podium deploy kubernetes', () => {
  it('writes a Deployment and a Service of the same image, probes and version labels', async () => {
    const report = await deploy([
      'kubernetes',
      'churn:champion',
      '--out',
      join(out, 'plain'),
      '--image',
      'registry.example.com/churn:v1',
    ]);
    const [deployment, service] = validManifests(report);
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(service.kind, 'Service');
    const template = deployment.spec.template;
    podiumContainer(template.spec.containers[0], 'registry.example.com/churn:v1');
    assert.equal(template.metadata.labels['podium/model'], 'churn');
    assert.equal(template.metadata.labels['podium/version'], '1');
    for (const [key, value] of Object.entries(
      deployment.spec.selector.matchLabels as Record<string, string>,
    )) {
      assert.equal(template.metadata.labels[key], value, 'the selector matches the pods');
      assert.equal(service.spec.selector[key], value, 'the Service selects the pods');
    }
    assert.equal(service.spec.ports[0].targetPort, template.spec.containers[0].ports[0].containerPort);
  });

  it('refuses what only KServe has, and a namespace the cluster would refuse', async () => {
    // The kubernetes command has no such flags; the operation (which the UI calls too) refuses them.
    const api = createApi({ workspace: fixture.workspace });
    try {
      const client = createLocalClient(api, { local: true });
      const answer = await client.sendCatch('deploy.manifests', {
        target: 'kubernetes',
        model: 'churn:1',
        outDir: join(out, 'k'),
        storageUri: 's3://m/churn/v1',
        canaryPercent: 5,
      });
      assert.equal(answer.error?.code, 'USAGE');
      assert.match(answer.error?.message ?? '', /--storage-uri, --canary are for podium deploy kserve/);
    } finally {
      await api.close();
    }
    const wrong = await refused(['kubernetes', 'churn:1', '--out', join(out, 'k2'), '--namespace', 'Bad_NS']);
    assert.equal(wrong.exitCode, 2);
    assert.match(wrong.json.error.message, /namespace: must be a Kubernetes namespace/);
    assert.ok(!readdirSync(out).includes('k') && !readdirSync(out).includes('k2'));
  });
});

describe('the schemas refuse wrong manifests', () => {
  const isvc = (): Doc => ({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'churn', namespace: 'default', labels: { 'podium/version': '2' } },
    spec: {
      predictor: {
        canaryTrafficPercent: 10,
        model: { modelFormat: { name: 'onnx' }, protocolVersion: 'v2', storageUri: 's3://m/churn/v2' },
      },
    },
  });

  it('accepts the reference shape and refuses each mistake', () => {
    assert.deepEqual(schemaErrors(isvc()), []);
    const mistakes: [string, (doc: Doc) => void, RegExp][] = [
      [
        'canaryTrafficPercent as a string',
        (doc) => {
          doc.spec.predictor.canaryTrafficPercent = '10';
        },
        /canaryTrafficPercent: must be integer/,
      ],
      [
        'canaryTrafficPercent past 100',
        (doc) => {
          doc.spec.predictor.canaryTrafficPercent = 120;
        },
        /must be <= 100/,
      ],
      [
        'a misspelt storageURI',
        (doc) => {
          doc.spec.predictor.model.storageURI = doc.spec.predictor.model.storageUri;
        },
        /storageURI/,
      ],
      [
        'protocolVersion v3',
        (doc) => {
          doc.spec.predictor.model.protocolVersion = 'v3';
        },
        /protocolVersion/,
      ],
      [
        'a name with capitals',
        (doc) => {
          doc.metadata.name = 'Churn';
        },
        /metadata\/name/,
      ],
      [
        'a label value with a colon',
        (doc) => {
          doc.metadata.labels['podium/version'] = 'churn:2';
        },
        /labels/,
      ],
      [
        'no predictor',
        (doc) => {
          delete doc.spec.predictor;
        },
        /predictor/,
      ],
    ];
    for (const [what, spoil, expected] of mistakes) {
      const doc = isvc();
      spoil(doc);
      const errors = schemaErrors(doc);
      assert.ok(
        errors.some((error) => expected.test(error)),
        `${what}: ${errors.join('; ') || 'accepted'}`,
      );
    }
  });

  it('refuses a misspelt Deployment field, a port as a string and a mirror percentage as a number', async () => {
    const report = await deploy(['kubernetes', 'churn:2', '--out', join(out, 'spoiled')]);
    const [deployment, service] = validManifests(report);
    deployment.spec.replicsa = deployment.spec.replicas;
    assert.ok(schemaErrors(deployment).some((error) => error.includes('(replicsa)')));
    service.spec.ports[0].port = '80';
    assert.ok(schemaErrors(service).some((error) => /port: must be integer/.test(error)));
    assert.match(officialSchemaError(service) ?? 'accepted', /port must be integer/);
    const shadow = await deploy(['kserve', 'churn:1', '--out', join(out, 'spoiled-shadow'), '--shadow']);
    const mirror = validManifests(shadow)[2];
    mirror.spec.http[0].mirrorPercentage = 100;
    assert.ok(schemaErrors(mirror).some((error) => /mirrorPercentage: must be object/.test(error)));
    assert.match(officialSchemaError(mirror) ?? 'accepted', /mirrorPercentage must be object/);
  });
});
