// Timing helpers for `npm run bench`. The machine is noisy: report percentiles and ratios against a
// baseline measured in the same run, not absolute times alone.
import { performance } from 'node:perf_hooks';

export interface Timing {
  runs: number;
  p50Ms: number;
  p95Ms: number;
  meanMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function time(runs: number, fn: () => unknown | Promise<unknown>, warmup = 3): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    runs,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
