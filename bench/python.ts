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

/** The PSI a user would write with NumPy (deciles of the reference, floor 1e-4): the peers' one definition. */
export const NUMPY_DECILE_PSI = `def psi(r, c):
    edges = np.unique(np.quantile(r, np.linspace(0.1, 0.9, 9)))
    p = np.bincount(np.searchsorted(edges, r, side='left'), minlength=len(edges) + 1) / len(r)
    q = np.bincount(np.searchsorted(edges, c, side='left'), minlength=len(edges) + 1) / len(c)
    p, q = np.maximum(p, 1e-4), np.maximum(q, 1e-4)
    return float(np.sum((q - p) * np.log(q / p)))`;
