// The bulletins area's part of the handler table (spread into handlers.ts).
import type { bulletinChannels } from '../../../shared/api-bulletin';
import { dataPort } from '../../platform/data-port';
import type { HandlerSubset } from '../../platform/handler-types';
import {
  bulletinPdf,
  composeBulletin,
  deleteBulletin,
  getBulletin,
  issueBulletin,
  listBulletins,
  nextNumber,
  previewBulletin,
  printBulletin,
  updateBulletin,
} from './bulletins';
import { listSeries, saveSeries } from './series';

export const bulletinHandlers: HandlerSubset<keyof typeof bulletinChannels> = {
  'bulletins.series.list': (ctx) => listSeries(ctx),
  'bulletins.series.save': saveSeries,
  'bulletins.list': listBulletins,
  'bulletins.get': (ctx, input) => getBulletin(ctx, input.id),
  'bulletins.compose': composeBulletin,
  'bulletins.update': updateBulletin,
  'bulletins.delete': deleteBulletin,
  'bulletins.nextNumber': async (ctx, input) => ({ number: await nextNumber(dataPort(ctx), input.seriesId, input.year, input.isSupplement) }),
  'bulletins.preview': previewBulletin,
  'bulletins.pdf': bulletinPdf,
  'bulletins.print': printBulletin,
  'bulletins.issue': issueBulletin,
};
