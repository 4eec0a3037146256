// 督导检查's channels (declared in shared/api.ts) and the service function serving each: inspections, findings
// and their views, 佐证材料 and the supervision settings.
import { dataPort } from '../../platform/data-port';
import type { HandlerSubset } from '../../platform/handler-types';
import { previewDeadline } from './deadlines';
import { addAttachment, deleteAttachment, getAttachment, listAttachments } from './evidence';
import { createFinding, deleteFinding, getFinding, updateFinding } from './findings';
import { dueSoonFindings, findingDashboard, findingMatrix, findingsByCategory, listFindings, overdueFindings, searchFindings } from './findings-views';
import { createInspection, deleteInspection, getInspection, listInspections, updateInspection } from './inspections';
import { progressFinding } from './progress';
import { getSupervisionSettingsOn, updateSupervisionSettings } from './settings';

type SupervisionChannel =
  | 'inspections.list'
  | 'inspections.get'
  | 'inspections.create'
  | 'inspections.update'
  | 'inspections.delete'
  | 'findings.list'
  | 'findings.get'
  | 'findings.create'
  | 'findings.update'
  | 'findings.delete'
  | 'findings.progress'
  | 'findings.search'
  | 'findings.matrix'
  | 'findings.byCategory'
  | 'findings.overdue'
  | 'findings.dueSoon'
  | 'findings.dashboard'
  | 'findings.previewDeadline'
  | 'supervisionSettings.get'
  | 'supervisionSettings.update'
  | 'attachments.add'
  | 'attachments.list'
  | 'attachments.get'
  | 'attachments.delete';

export const supervisionHandlers: HandlerSubset<SupervisionChannel> = {
  'inspections.list': listInspections,
  'inspections.get': (ctx, input) => getInspection(ctx, input.id, input.today),
  'inspections.create': createInspection,
  'inspections.update': updateInspection,
  'inspections.delete': deleteInspection,
  'findings.list': listFindings,
  'findings.get': (ctx, input) => getFinding(ctx, input.id, input.today),
  'findings.create': createFinding,
  'findings.update': updateFinding,
  'findings.delete': deleteFinding,
  'findings.progress': progressFinding,
  'findings.search': searchFindings,
  'findings.matrix': findingMatrix,
  'findings.byCategory': findingsByCategory,
  'findings.overdue': overdueFindings,
  'findings.dueSoon': dueSoonFindings,
  'findings.dashboard': findingDashboard,
  'findings.previewDeadline': previewDeadline,
  'supervisionSettings.get': (ctx) => getSupervisionSettingsOn(dataPort(ctx)),
  'supervisionSettings.update': updateSupervisionSettings,
  'attachments.add': addAttachment,
  'attachments.list': listAttachments,
  'attachments.get': (ctx, input) => getAttachment(ctx, input.id),
  'attachments.delete': deleteAttachment,
};
