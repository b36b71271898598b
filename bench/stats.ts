export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export async function timeRuns(count: number, run: () => Promise<void>): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await run();
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return seconds;
}
