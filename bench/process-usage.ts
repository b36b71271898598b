import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

export type ProcessUsage = {
  seconds: number;
  /** User + system CPU of the process (all its threads); null where /proc cannot tell. */
  cpuSeconds: number | null;
  /** Peak resident memory (VmHWM); null where /proc cannot tell. */
  peakMb: number | null;
};

const POLL_MS = 50;
const TICKS_PER_SECOND = 100;

/**
 * Runs a command to its end and measures it from outside, the same way for any program (Node or
 * Python): wall time from spawn to exit, and the CPU time and peak memory Linux reports in
 * /proc/<pid> for the whole process, read every 50 ms (so up to the last 50 ms of CPU are not
 * counted; the peak is a high-water mark and misses nothing that lasted longer). Rejects with the
 * command's error output when it fails.
 */
export async function measureProcess(command: string, args: string[]): Promise<ProcessUsage> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let cpuSeconds: number | null = null;
  let peakMb: number | null = null;
  const poll = async (): Promise<void> => {
    const [status, stat] = await Promise.all([
      readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => ''),
      readFile(`/proc/${child.pid}/stat`, 'utf8').catch(() => ''),
    ]);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    if (hwm) peakMb = Math.max(peakMb ?? 0, Number(hwm[1]) / 1024);
    // Fields after the command name (which may hold spaces) start at state; utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.length > 13) cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  };
  const timer = setInterval(() => void poll(), POLL_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  }).finally(() => clearInterval(timer));
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`);
  return { seconds, cpuSeconds, peakMb };
}
