// Preloaded into a process the import bench runs whole (`node --import tsx --import THIS …`): when the
// process exits, its peak resident memory (main thread and workers, the whole process) and its run time
// since it started are written to the file BENCH_FIGURES_FILE names, so the command itself runs unchanged.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const target = process.env.BENCH_FIGURES_FILE;
if (target) {
  process.on('exit', (code) => {
    fs.writeFileSync(target, JSON.stringify({ code, ms: Math.round(performance.now()), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  });
}
