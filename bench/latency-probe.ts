import { Pool } from 'undici';
import { median } from './stats.js';

/**
 * Open-loop latency at a fixed request rate: requests leave on schedule whether or not earlier
 * ones have returned (no coordinated omission), timed with the high-resolution clock, because
 * a load tool's whole-millisecond percentiles cannot show a 10% change at 1–3 ms.
 */
export async function latencyAtRate(
  url: string,
  body: string,
  rate: number,
  seconds: number,
): Promise<{ p50: number; p99: number; errors: number }> {
  const pool = new Pool(url, { connections: 32 });
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sent = performance.now();
    pending.push(
      pool
        .request({ path: '/predict', method: 'POST', headers: { 'content-type': 'application/json' }, body })
        .then(async (response) => {
          await response.body.text();
          if (response.statusCode !== 200) errors++;
          latencies.push(performance.now() - sent);
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(pending);
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    p50: median(latencies),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? Number.NaN,
    errors,
  };
}
