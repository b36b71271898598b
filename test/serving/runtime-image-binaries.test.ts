import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EXCLUDED_FROM_IMAGE, productionModules } from '../../main/serving/docker/production-modules.js';
import { isForeignBinary } from '../../main/serving/docker/runtime-image.js';

test('the runtime image keeps only the Linux native libraries of this machine architecture', () => {
  const other = process.arch === 'x64' ? 'arm64' : 'x64';
  assert.equal(isForeignBinary('bin/napi-v6/win32'), true);
  assert.equal(isForeignBinary('bin/napi-v6/darwin/arm64/libonnxruntime.dylib'), true);
  assert.equal(isForeignBinary(`bin/napi-v6/linux/${other}`), true);
  assert.equal(isForeignBinary('bin/napi-v6/linux'), false);
  assert.equal(isForeignBinary(`bin/napi-v6/linux/${process.arch}/onnxruntime_binding.node`), false);
  assert.equal(isForeignBinary('dist/index.js'), false);
  assert.equal(isForeignBinary('lib/bin/napi-v6/win32'), false);
});

test('the image carries ONNX Runtime for ecd services: the package, its Linux library for this architecture, onnx-proto', async () => {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const modules = await productionModules(root, EXCLUDED_FROM_IMAGE);
  const names = new Set(modules.map((module) => module.name));
  assert.ok(names.has('onnxruntime-node') && names.has('onnx-proto'));
  const ort = modules.find((module) => module.name === 'onnxruntime-node');
  assert.ok(ort);
  // As the image's tar walk filters: a folder it leaves out is not entered.
  const kept: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(join(ort.dir, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === 'node_modules' || isForeignBinary(path)) continue;
      if (entry.isDirectory()) walk(path);
      else kept.push(path);
    }
  };
  walk('bin');
  const linux = `bin/napi-v6/linux/${process.arch}`;
  assert.ok(kept.includes(`${linux}/onnxruntime_binding.node`), kept.join(', '));
  assert.ok(
    kept.some((path) => path.startsWith(`${linux}/libonnxruntime.so`)),
    kept.join(', '),
  );
  assert.deepEqual(
    kept.filter((path) => !path.startsWith(`${linux}/`)),
    [],
  );
});
