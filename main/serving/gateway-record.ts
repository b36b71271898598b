import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a gateway must have been started with for another Podium to take it over as it is. */
export type GatewaySettings = {
  modelName: string;
  environment: string;
  host: string;
  port: number;
  databaseFile: string;
  mirrorQueueLimit: number;
  tokenSha256?: string;
};

/**
 * Written by the gateway process itself once it listens, so it always tells the truth about its
 * own pid and addresses: how the Podium that started it, and any later one on the same
 * workspace, finds and steers it.
 */
export type GatewayRecord = {
  pid: number;
  url: string;
  adminUrl: string;
  /**
   * The admin endpoint's bearer key. Kept in the workspace (mode 0600) because whoever can read
   * the workspace can already change its database; it guards the endpoint against other local
   * users and other programs, not against the workspace's owner.
   */
  adminKey: string;
  startedAt: string;
  settings: GatewaySettings;
};

/** One record per model in a workspace: `<workspace>/run/gateway-<model>.json`. */
export function gatewayRecordFile(workspaceRoot: string, modelName: string): string {
  return join(workspaceRoot, 'run', `gateway-${encodeURIComponent(modelName)}.json`);
}

export function readGatewayRecord(file: string): GatewayRecord | null {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as GatewayRecord;
    return typeof record.pid === 'number' && typeof record.adminUrl === 'string' ? record : null;
  } catch {
    return null;
  }
}

/** Replaced whole (write, then rename), so a reader never sees half a record. */
export function writeGatewayRecord(file: string, record: GatewayRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, file);
}

/** Removes the record if it is still this process's (a restarted gateway may have replaced it). */
export function removeGatewayRecord(file: string, pid: number): void {
  if (readGatewayRecord(file)?.pid === pid) rmSync(file, { force: true });
}
