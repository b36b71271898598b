import { parseArgs } from 'node:util';
import { systemClock } from '../common/clock.js';
import { openDatabase } from '../db/index.js';
import { hashToken, parseTokenSha256, TOKEN_SHA256_ENV } from './auth-guard.js';
import { assertBindAllowed } from './bind-policy.js';
import { Gateway } from './gateway.js';
import { createGatewayAdmin } from './gateway-admin.js';
import {
  GATEWAY_ADMIN_KEY_ENV,
  GATEWAY_CANNOT_LISTEN_EXIT,
  GATEWAY_CANNOT_LISTEN_PREFIX,
} from './gateway-control.js';
import { removeGatewayRecord, writeGatewayRecord } from './gateway-record.js';
import { applyRouting, type GatewayRouting } from './gateway-routing.js';
import { PredictionLog } from './prediction-log.js';

/**
 * Entry point of a gateway process (see gateway-process.ts for its supervisor). It answers the
 * model's public API, writes the prediction log to the workspace's SQLite itself, and takes
 * steering over a loopback admin endpoint (gateway-admin.ts). Logs go to stdout/stderr, which
 * the supervisor points at the workspace's logs.
 */
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    environment: { type: 'string', default: 'dev' },
    database: { type: 'string' },
    record: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'owner-pid': { type: 'string' },
    routing: { type: 'string', default: '{"champion":null,"shadows":[]}' },
    'mirror-queue-limit': { type: 'string', default: '1000' },
  },
});

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(2);
};
if (!values.model || !values.database || !values.record) {
  fail(
    'usage: gateway-main --model NAME --database FILE --record FILE [--host H] [--port N] [--routing JSON]',
  );
}
const adminKey = process.env[GATEWAY_ADMIN_KEY_ENV] || fail(`${GATEWAY_ADMIN_KEY_ENV} is not set`);
// The parent passes the serving token's hash, never the token (see TOKEN_SHA256_ENV).
const tokenSha256 = process.env[TOKEN_SHA256_ENV] || undefined;
try {
  if (tokenSha256 !== undefined) parseTokenSha256(tokenSha256, TOKEN_SHA256_ENV);
  assertBindAllowed(values.host, tokenSha256 !== undefined);
} catch (error) {
  fail((error as Error).message);
}
const model = values.model as string;
const recordFile = values.record as string;

// Another process (the Podium that steers this one) writes to the same database. A log flush
// waits at most a second for the write lock; past it the rows stay buffered for the next one.
const db = openDatabase(values.database as string, { busyTimeoutMs: 1000 });
const log = new PredictionLog(db, systemClock);
const gateway = new Gateway({
  modelName: model,
  log,
  mirrorQueueLimit: Number(values['mirror-queue-limit']),
  auth: tokenSha256 === undefined ? undefined : { tokenSha256 },
});
await applyRouting(gateway, JSON.parse(values.routing) as GatewayRouting);
const url = await gateway.app
  .listen({ host: values.host, port: Number(values.port) })
  .catch((error: Error) => {
    process.stderr.write(
      `${GATEWAY_CANNOT_LISTEN_PREFIX} on ${values.host}:${values.port}: ${error.message}\n`,
    );
    process.exit(GATEWAY_CANNOT_LISTEN_EXIT);
  });
const startedAt = new Date().toISOString();
const admin = createGatewayAdmin({
  gateway,
  adminKeySha256: hashToken(adminKey),
  url: () => url,
  ownerPid: Number(values['owner-pid'] ?? process.ppid),
  startedAt,
});
const adminUrl = await admin.listen({ host: '127.0.0.1', port: 0 });
writeGatewayRecord(recordFile, {
  pid: process.pid,
  url,
  adminUrl,
  adminKey,
  startedAt,
  settings: {
    modelName: model,
    environment: values.environment ?? 'dev',
    host: values.host ?? '127.0.0.1',
    port: Number(values.port),
    databaseFile: values.database as string,
    mirrorQueueLimit: Number(values['mirror-queue-limit']),
    tokenSha256,
  },
});
process.stdout.write(`gateway for ${model} listening on ${url} (pid ${process.pid})\n`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: draining and stopping\n`);
  // Stops accepting, answers what is in flight, sends queued mirrors, flushes the log.
  await gateway.close();
  await admin.close();
  log.close();
  removeGatewayRecord(recordFile, process.pid);
  db.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
