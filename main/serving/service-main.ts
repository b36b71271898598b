import { parseArgs } from 'node:util';
import { parseTokenSha256, TOKEN_SHA256_ENV } from './auth-guard.js';
import { assertBindAllowed } from './bind-policy.js';
import { createModelService } from './model-service.js';
import { SERVICE_CANNOT_LISTEN_EXIT, SERVICE_INSTANCE_ENV } from './service-spec.js';

/**
 * Entry point of one model service process (process runtime, and the Docker image's command).
 * Logs go to stdout/stderr; the supervisor writes them to the workspace's logs.
 */
const { values } = parseArgs({
  options: {
    package: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    environment: { type: 'string', default: 'dev' },
    role: { type: 'string', default: 'standalone' },
    'batch-limit': { type: 'string', default: '1000' },
    // In a bridged container the service binds 0.0.0.0 inside, but is reachable only where the
    // runtime publishes it: that address is the one the bind policy judges.
    'published-host': { type: 'string' },
  },
});

if (!values.package || !values.port) {
  process.stderr.write(
    'usage: service-main --package DIR --port N [--host H] [--environment E] [--role R]\n',
  );
  process.exit(2);
}
// The parent passes the token's hash, never the token (see TOKEN_SHA256_ENV).
const tokenSha256 = process.env[TOKEN_SHA256_ENV] || undefined;
try {
  if (tokenSha256 !== undefined) parseTokenSha256(tokenSha256, TOKEN_SHA256_ENV);
  assertBindAllowed(values['published-host'] ?? values.host, tokenSha256 !== undefined);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const role = values.role === 'champion' || values.role === 'shadow' ? values.role : 'standalone';
const service = await createModelService({
  packageDir: values.package,
  environment: values.environment ?? 'dev',
  role,
  batchLimit: Number(values['batch-limit']),
  auth: tokenSha256 === undefined ? undefined : { tokenSha256 },
  instance: process.env[SERVICE_INSTANCE_ENV] || undefined,
});
await service.app.listen({ host: values.host, port: Number(values.port) }).catch((error: Error) => {
  process.stderr.write(`podium service: cannot listen on ${values.host}:${values.port}: ${error.message}\n`);
  process.exit(SERVICE_CANNOT_LISTEN_EXIT);
});
process.stdout.write(`model service listening on http://${values.host}:${values.port} (${role})\n`);
service.ready.then(
  () => process.stdout.write('model loaded; ready\n'),
  (error: Error) => {
    process.stderr.write(`could not load the model: ${error.message}\n`);
    process.exit(1);
  },
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: draining and stopping\n`);
  // close() stops accepting connections and waits for requests in flight.
  await service.app.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
