/** Number formats for the sentences in a drift report. */

/** Two significant digits; exponent notation below 0.001 (p-values), grouping above 1,000. */
export function formatNumber(x: number): string {
  if (x === 0) return '0';
  const size = Math.abs(x);
  if (size < 1e-3) return x.toExponential(0);
  if (size >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(2)));
}

/** "p = 0.031", "p = 3e-12", or "p < 1e-300" where the tail underflows. */
export function formatP(p: number, label = 'p'): string {
  return p === 0 ? `${label} < 1e-300` : `${label} = ${formatNumber(p)}`;
}

/** A p-value without its name: "0.031" or "< 1e-300". */
export function formatPValue(p: number): string {
  return p === 0 ? '< 1e-300' : formatNumber(p);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent > 0 && percent < 0.1) return '< 0.1%';
  return `${Number(percent.toFixed(1))}%`;
}

export function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
}
