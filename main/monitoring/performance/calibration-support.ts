/**
 * How far a window's scores stray from the scores a calibrator was fitted on. CBPE survives
 * covariate shift only where the calibrator has seen data: NannyML's docs name "regions the
 * reference data never covered" as where its estimates fail. Both checks look at the score,
 * the only input the calibrator has.
 */
export type CalibrationSupport = {
  /** Share of the window's scores below the lowest or above the highest calibration score. */
  outside_share: number;
  /** Population Stability Index of the window's scores over the calibration scores' deciles. */
  score_psi: number;
};

const PSI_FLOOR = 1e-4;

/** `support` ascending and non-empty. */
export function calibrationSupport(support: Float64Array, scores: ArrayLike<number>): CalibrationSupport {
  const n = support.length;
  const edges: number[] = [];
  for (let q = 1; q < 10; q++) {
    const edge = support[Math.floor((q * n) / 10)];
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  // Bin b holds values v with edges[b-1] < v ≤ edges[b]; the last bin everything above.
  const binOf = (value: number) => {
    let left = 0;
    let right = edges.length;
    while (left < right) {
      const middle = (left + right) >> 1;
      if (edges[middle] < value) left = middle + 1;
      else right = middle;
    }
    return left;
  };
  const reference = new Float64Array(edges.length + 1);
  for (let i = 0; i < n; i++) reference[binOf(support[i])]++;
  const current = new Float64Array(edges.length + 1);
  let outside = 0;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    current[binOf(score)]++;
    if (score < support[0] || score > support[n - 1]) outside++;
  }
  let psi = 0;
  for (let b = 0; b < reference.length; b++) {
    const r = Math.max(reference[b] / n, PSI_FLOOR);
    const c = Math.max(current[b] / Math.max(scores.length, 1), PSI_FLOOR);
    psi += (c - r) * Math.log(c / r);
  }
  return { outside_share: scores.length === 0 ? 0 : outside / scores.length, score_psi: psi };
}
