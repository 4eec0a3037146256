// 审计日志's channels (declared in shared/api-audit.ts): the trail's list and facets, and 校验.
import type { HandlerSubset } from '../../platform/handler-types';
import { auditFacets, listAudit } from './trail';
import { verifyLedger } from './verify/service';

export const auditHandlers: HandlerSubset<'audit.list' | 'audit.facets'> = {
  'audit.list': listAudit,
  'audit.facets': (ctx) => auditFacets(ctx),
};

export const verifyHandlers: HandlerSubset<'audit.verify'> = {
  'audit.verify': (ctx) => verifyLedger(ctx),
};
