// 导出 and 导入模板: the export area's part of the API contract. A ledger export takes the SAME filter object
// the ledger's screen sends to its list channel (projects.search, payments.list, …), so the file holds what
// the screen shows; the handler validates it with that channel's own schema.
import { z } from 'zod';
import type { ChannelInput } from './api';
import { channel } from './channel';
import { ImportKind } from './enums';

/** The ledgers that can be exported, each with the list channel whose filters it takes. */
export const EXPORT_LEDGERS = ['projects', 'allocations', 'payments', 'assets', 'findings', 'progress', 'rectification', 'households'] as const;
export type ExportLedger = (typeof EXPORT_LEDGERS)[number];

export const EXPORT_LEDGER_LABEL: Record<ExportLedger, string> = {
  projects: '项目库',
  allocations: '资金下达',
  payments: '资金拨付',
  assets: '扶贫项目资产',
  findings: '问题整改台账',
  progress: '支出进度排名',
  rectification: '问题整改进度',
  households: '受益户名单',
};

/** Filters of the households list (it has no screen channel of its own). */
export const householdExportFilters = z.object({
  townshipId: z.number().int().positive().optional(),
  villageId: z.number().int().positive().optional(),
  keyword: z.string().trim().max(50, { error: '关键字不能超过 50 个字' }).optional(),
});

type Paging = 'offset' | 'limit';
/** The filter object of each ledger: its screen's list input without paging. */
export interface ExportFilterMap {
  projects: Omit<ChannelInput<'projects.search'>, Paging>;
  allocations: Omit<ChannelInput<'allocations.list'>, Paging>;
  payments: Omit<ChannelInput<'payments.list'>, Paging>;
  assets: Omit<ChannelInput<'assets.list'>, Paging>;
  findings: Omit<ChannelInput<'findings.search'>, Paging>;
  progress: ChannelInput<'progress.summary'>;
  rectification: ChannelInput<'findings.matrix'>;
  households: z.input<typeof householdExportFilters>;
}

export const exportLedgerInput = z.object({
  ledger: z.enum(EXPORT_LEDGERS, { error: `导出的台账应为：${EXPORT_LEDGERS.join('、')}` }),
  /** The screen's filters (validated by the ledger's own list schema). */
  filters: z.record(z.string(), z.unknown(), { error: '筛选条件应为对象' }).optional().default({}),
  /** 单位：元 or 万元 for money columns (default 万元, as county tables are kept). */
  unit: z.enum(['yuan', 'wan'], { error: '金额单位应为 yuan（元）或 wan（万元）' }).optional().default('wan'),
  /** One sheet per township (list ledgers). */
  byTownship: z.boolean({ error: '分乡镇应为是或否' }).optional().default(false),
  /** Every field (a file to import back or work on), not only the columns of the printed table. */
  allColumns: z.boolean({ error: '全部字段应为是或否' }).optional().default(false),
  /** Write ID numbers in full (default masked: 110105********002X). */
  revealIds: z.boolean({ error: '显示完整身份证号应为是或否' }).optional().default(false),
  /** Names the progress events of this export. */
  jobId: z.string().min(1).max(100).optional(),
});

export const exportCancelInput = z.object({ jobId: z.string().min(1).max(100) });

export const exportTemplateInput = z.object({
  kind: z.enum(ImportKind.values, { error: '模板种类应为 projects、allocations、payments、findings 或 households' }),
});

/** A file made for the user: the renderer saves it as a download (browser and Electron alike). */
export interface ExportFile {
  /** Suggested Chinese file name, e.g. 青山县资金拨付台账（2024年）.xlsx. */
  fileName: string;
  mimeType: string;
  base64: string;
  bytes: number;
  /** Data rows written (all sheets). */
  rows: number;
  sheets: string[];
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const exportChannels = {
  'export.ledger': channel(exportLedgerInput).returns<ExportFile>().reads('read'),
  'export.template': channel(exportTemplateInput).returns<ExportFile>().reads('read'),
  /** Stop a running export.ledger (its jobId): it ends with CANCELLED and writes nothing. */
  'export.cancel': channel(exportCancelInput).returns<{ cancelled: boolean }>().reads('read'),
};
