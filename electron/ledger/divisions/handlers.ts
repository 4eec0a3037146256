// 区划与单位's channels (declared in shared/api.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import { createDivision, deleteDivision, listDivisions, listProjectTypes, moveDivision, setupCounty, suggestCode, updateDivision } from './service';
import { createUnit, deleteUnit, listUnits, updateUnit } from './units';

export const divisionHandlers: HandlerSubset<
  | 'county.setup'
  | 'divisions.list'
  | 'divisions.create'
  | 'divisions.update'
  | 'divisions.move'
  | 'divisions.delete'
  | 'divisions.suggestCode'
  | 'units.list'
  | 'units.create'
  | 'units.update'
  | 'units.delete'
  | 'projectTypes.list'
> = {
  'county.setup': setupCounty,
  'divisions.list': (ctx) => listDivisions(ctx),
  'divisions.create': createDivision,
  'divisions.update': updateDivision,
  'divisions.move': moveDivision,
  'divisions.delete': (ctx, input) => deleteDivision(ctx, input.id),
  'divisions.suggestCode': (ctx, input) => suggestCode(ctx, input.parentId),
  'units.list': (ctx) => listUnits(ctx),
  'units.create': createUnit,
  'units.update': updateUnit,
  'units.delete': deleteUnit,
  'projectTypes.list': (ctx) => listProjectTypes(ctx),
};
