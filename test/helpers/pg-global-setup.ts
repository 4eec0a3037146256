// vitest globalSetup: a folder for this run's PostgreSQL cluster. The cluster itself is started by the first
// test file that needs it (test/helpers/pg-cluster.ts), so runs without PostgreSQL tests cost nothing; the
// teardown stops it, if it was started, and removes the folder.
import type { TestProject } from 'vitest/node';
import { newRunDir, stopCluster } from './pg-cluster';

export default function setup(project: TestProject): () => void {
  const runDir = newRunDir();
  project.provide('pgRunDir', runDir);
  return () => stopCluster(runDir);
}
