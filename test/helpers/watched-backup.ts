import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TEMP_MARKER } from '../../main/common/files.js';
import { startPodium } from './running-podium.js';

/** A `podium backup` run watched from outside. */
export type BackupRun = {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
  /** When its temporary archive appeared beside the file asked for (ms after the start), if it did. */
  archiveBeganMs: number | null;
  /** Temporary files it left in that folder. */
  leftovers: string[];
};

/** Where to SIGKILL it: a time after start, or a time after its archive began to be written. */
export type BackupKill = { after: 'start' | 'archive'; ms: number };

/**
 * Runs the real `podium backup <file>` and watches the file's folder every few milliseconds for
 * the temporary archive it writes. A kill aimed at the archive waits for it to appear, so it lands
 * inside the writing however slowly a busy machine starts the process.
 */
export async function watchedBackup(
  file: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; kill?: BackupKill },
): Promise<BackupRun> {
  const folder = dirname(file);
  const temporary = () => readdirSync(folder).filter((name) => name.startsWith(TEMP_MARKER));
  const earlier = new Set(temporary());
  const begin = performance.now();
  const backup = startPodium(['backup', file, '--json'], options);
  const { kill } = options;
  let archiveBeganMs: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  const killLater = (ms: number) => {
    timer = setTimeout(() => backup.child.kill('SIGKILL'), ms);
  };
  if (kill?.after === 'start') killLater(kill.ms);
  const watcher = setInterval(() => {
    if (archiveBeganMs !== null) return;
    if (!temporary().some((name) => !earlier.has(name))) return;
    archiveBeganMs = performance.now() - begin;
    if (kill?.after === 'archive') killLater(kill.ms);
  }, 5);
  // A run past two minutes counts as hung.
  const hung = setTimeout(() => backup.child.kill('SIGKILL'), 120_000);
  const { code, signal } = await backup.exited;
  clearInterval(watcher);
  clearTimeout(timer);
  clearTimeout(hung);
  return {
    code,
    signal,
    output: backup.output(),
    ms: performance.now() - begin,
    archiveBeganMs,
    leftovers: temporary().filter((name) => !earlier.has(name)),
  };
}
