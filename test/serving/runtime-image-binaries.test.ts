import assert from 'node:assert/strict';
import { test } from 'node:test';
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
