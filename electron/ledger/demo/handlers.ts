// 演示数据's channel (declared in shared/api.ts): the demo county, written through the areas' stores.
import { loadDemoData } from './county';
import type { HandlerSubset } from '../../platform/handler-types';

export const demoHandlers: HandlerSubset<'demo.load'> = {
  'demo.load': loadDemoData,
};
