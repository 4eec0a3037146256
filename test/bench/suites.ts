// The list of benchmark suites `npm run bench` runs, in order. Each issue's figures live in their own file.
import type { BenchSuite } from './run';
import { bulletinSuite } from './bulletin.bench';
import { backupSuite } from './backup.bench';
import { dashboardSuite } from './dashboard.bench';
import { exportSuite } from './export.bench';
import { importSuite } from './import.bench';
import { ledgersSuite } from './ledgers.bench';
import { loadSuite } from './load.bench';
import { officeSuite } from './office.bench';
import { uiSuite } from './ui.bench';
import { verifySuite } from './verify.bench';

export const benchmarks: BenchSuite[] = [dashboardSuite, ledgersSuite, uiSuite, importSuite, exportSuite, bulletinSuite, backupSuite, verifySuite, officeSuite, loadSuite];
