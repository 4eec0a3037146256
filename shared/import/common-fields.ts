// The header words several import kinds share (序号, 乡镇, 村, 备注): one definition, taken by each ledger's
// field table (shared/projects/fields.ts, funds/, supervision/, households/ fields.ts).
import type { FieldDef } from './fields';

export const SEQ_FIELD: FieldDef = { key: 'seq', label: '序号', type: 'count', aliases: ['序号', '序', '顺序号', 'NO', 'No', '行号'], weight: 0 };
export const TOWNSHIP_FIELD: FieldDef = {
  key: 'township',
  label: '乡镇',
  type: 'township',
  aliases: ['乡镇', '乡镇名称', '所属乡镇', '实施乡镇', '乡', '镇', '乡镇街道', '乡镇场', '乡镇办', '项目乡镇', '责任乡镇', '乡镇别', '单位乡镇'],
  weight: 0.5,
  maxLength: 30,
};
export const VILLAGE_FIELD: FieldDef = {
  key: 'village',
  label: '村',
  type: 'village',
  aliases: ['村', '行政村', '所属村', '实施村', '村名', '村名称', '村社区', '村居', '项目村', '行政村名称', '村别', '村组', '所在村'],
  weight: 0.5,
  maxLength: 30,
};
export const REMARK_FIELD: FieldDef = { key: 'remark', label: '备注', type: 'text', aliases: ['备注', '说明', '备注说明'], weight: 0, maxLength: 1000 };
