import { parseArgs } from 'node:util';
import { createModelService } from './model-service.js';

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
  },
});

if (!values.package || !values.port) {
  process.stderr.write(
    'usage: service-main --package DIR --port N [--host H] [--environment E] [--role R]\n',
  );
  process.exit(2);
}
const role = values.role === 'champion' || values.role === 'shadow' ? values.role : 'standalone';
const service = await createModelService({
  packageDir: values.package,
  environment: values.environment ?? 'dev',
  role,
  batchLimit: Number(values['batch-limit']),
});
await service.app.listen({ host: values.host, port: Number(values.port) });
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
