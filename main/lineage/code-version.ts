import { execFile } from 'node:child_process';
import { podiumVersion } from '../common/versions.js';

/** Which code a run or prediction came from. Git fields are null outside a repository. */
export type CodeVersion = {
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: boolean | null;
  podium_version: string;
};

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
  if (commit === null) return { git_commit: null, git_branch: null, git_dirty: null, podium_version: podium };
  const branch = await git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']);
  const status = await git(cwd, ['status', '--porcelain', '--untracked-files=normal']);
  return {
    git_commit: commit,
    // A detached HEAD reports "HEAD": there is no branch to name.
    git_branch: branch === null || branch === 'HEAD' ? null : branch,
    git_dirty: status === null ? null : status.length > 0,
    podium_version: podium,
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
