import { spawnSync } from 'node:child_process';

/**
 * The Python the peers run on: the first `python3` that imports pandas, SciPy and scikit-learn.
 * A pyenv shim on PATH often has none of them while Debian's /usr/bin/python3 has all three
 * (python3-pandas, python3-scipy, python3-sklearn); null when neither does.
 */
export const peerPython: string | null = (() => {
  for (const binary of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(binary, ['-c', 'import pandas, scipy, sklearn'], { timeout: 60_000 });
    if (probe.status === 0) return binary;
  }
  return null;
})();
