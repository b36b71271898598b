import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { LOCAL_ONLY, OPERATION_NAMES } from '../../main/app/operation-names.js';
import { operationSchemas } from '../../main/contract/schemas/index.js';

/**
 * Input fields that name a file, a folder or another server: whoever may set them may make the
 * core read, write or send what it chooses, so only the CLI on this machine may.
 */
const PATH_LIKE = /^(file|files|path|dir|directory|input|output|configFile|gatewayUrl|url)$/i;

test('every operation whose input names a path or a server is local-only (refused from the windows and browser mode)', () => {
  const open = OPERATION_NAMES.flatMap((name) => {
    const input = operationSchemas[name].input;
    if (!(input instanceof z.ZodObject)) return [];
    const fields = Object.keys(input.shape).filter((key) => PATH_LIKE.test(key));
    const refused = LOCAL_ONLY[name];
    if (refused === null) return [];
    return fields.filter((field) => !refused?.includes(field)).map((field) => `${name}.${field}`);
  });
  assert.deepEqual(open, []);
});
