import { execFile } from 'node:child_process';
import { podiumVersion } from '../common/versions.js';
import type { CodeVersion } from '../contract/index.js';

/** Which code a run or prediction came from (git fields are null outside a repository): the contract's. */
export type { CodeVersion };

/** A hung git (network filesystem, credential prompt) must never stall training. */
const GIT_TIMEOUT_MS = 5000;

/**
 * The git state of the folder a run is started from. Missing git, a folder outside any
 * repository, or a repository without commits all give null fields rather than an error:
 * lineage is recorded best-effort and must not stop a run.
 */
export async function codeVersion(cwd: string): Promise<CodeVersion> {
  const podium = podiumVersion();
  const commit = await git(cwd, ['rev-parse', '--verify', 'HEAD']);
  if (commit === null) return { gitCommit: null, gitBranch: null, gitDirty: null, podiumVersion: podium };
  const branch = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  const status = await git(cwd, ['status', '--porcelain', '--untracked-files=normal']);
  return {
    gitCommit: commit,
    // A detached HEAD reports "HEAD": there is no branch to name.
    gitBranch: branch === null || branch === 'HEAD' ? null : branch,
    gitDirty: status === null ? null : status.length > 0,
    podiumVersion: podium,
  };
}

function git(cwd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        encoding: 'utf8',
        // Never prompt, never read the user's pager; a lineage probe is read-only.
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
        windowsHide: true,
      },
      (error, stdout) => resolve(error ? null : stdout.trim()),
    );
  });
}
