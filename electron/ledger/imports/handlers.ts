// 导入's channels (declared in shared/api-import.ts) and the service function serving each; handlers.ts spreads
// them into the handler table.
import type { importChannels } from '../../../shared/api-import';
import type { HandlerSubset } from '../../platform/handler-types';
import {
  importBatches,
  importBatchGet,
  importCancel,
  importClose,
  importCommit,
  importFields,
  importOpen,
  importPreview,
  importUndo,
  importUndoPreview,
  importWarnings,
} from './service';

export const importHandlers: HandlerSubset<keyof typeof importChannels> = {
  'import.open': importOpen,
  'import.preview': importPreview,
  'import.commit': importCommit,
  'import.close': importClose,
  'import.cancel': importCancel,
  'import.fields': importFields,
  'import.warnings': importWarnings,
  'import.batches': importBatches,
  'import.batches.get': importBatchGet,
  'import.undoPreview': importUndoPreview,
  'import.undo': importUndo,
};
