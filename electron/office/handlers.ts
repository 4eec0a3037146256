// 设置 → 数据存放's channels (shared/api-office.ts) and the service function serving each.
import type { HandlerSubset } from '../platform/handler-types';
import { getLedgerLocation, saveLedgerLocation, testLedgerLocation } from './service';
import { backupServer, previewTransfer, restoreToServer, transferToFile, transferToServer } from './transfer-service';

export const ledgerLocationHandlers: HandlerSubset<'ledgerLocation.get' | 'ledgerLocation.test' | 'ledgerLocation.save'> = {
  'ledgerLocation.get': getLedgerLocation,
  'ledgerLocation.test': testLedgerLocation,
  'ledgerLocation.save': saveLedgerLocation,
};

export const ledgerTransferHandlers: HandlerSubset<
  'ledgerTransfer.preview' | 'ledgerTransfer.toServer' | 'ledgerTransfer.toFile' | 'ledgerTransfer.backupServer' | 'ledgerTransfer.restoreToServer'
> = {
  'ledgerTransfer.preview': previewTransfer,
  'ledgerTransfer.toServer': transferToServer,
  'ledgerTransfer.toFile': transferToFile,
  'ledgerTransfer.backupServer': backupServer,
  'ledgerTransfer.restoreToServer': restoreToServer,
};
