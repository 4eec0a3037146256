// 项目库's channels (declared in shared/api.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import { dataPort } from '../../platform/data-port';
import { suggestProjectCode } from './numbering';
import { listProjects } from './list';
import { searchProjects } from './search';
import { createProject, deleteProject, getProject, updateProject } from './service';

type ProjectChannel =
  | 'projects.list'
  | 'projects.create'
  | 'projects.update'
  | 'projects.get'
  | 'projects.delete'
  | 'projects.search'
  | 'projects.suggestCode';

export const projectHandlers: HandlerSubset<ProjectChannel> = {
  'projects.list': listProjects,
  'projects.create': createProject,
  'projects.update': updateProject,
  'projects.get': (ctx, input) => getProject(ctx, input.id),
  'projects.delete': deleteProject,
  'projects.search': searchProjects,
  'projects.suggestCode': (ctx, input) => suggestProjectCode(ctx, dataPort(ctx), input.year),
};
