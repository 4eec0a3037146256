// The CLI's `bulletin` command (cli.ts dispatches to it):
//   bulletin pdf --id N --out FILE.pdf                           the PDF of a bulletin (the archive when issued)
//   bulletin pdf --draft --inspection NAME --out FILE.pdf        draft one from an inspection, then its PDF
//   bulletin pdf --draft --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf   … from a period
//   bulletin list [--year YYYY] [--keyword 词]                   bulletins by year and number
import fs from 'node:fs';
import path from 'node:path';
import type { ApiResponse, BulletinDetail, BulletinRow, InspectionPage } from '../shared/api';
import { bulletinPdfBytes } from './ledger/bulletins/bulletins';
import type { ServiceContext } from './platform/context';
import { dispatch } from './platform/handlers';

export interface BulletinCliOutcome {
  exitCode: 0 | 1 | 2;
  body: Record<string, unknown>;
  human: string[];
}

export type BulletinCliOptions = Partial<Record<'id' | 'out' | 'inspection' | 'from' | 'to' | 'year' | 'keyword', string>> & { draft?: boolean };

const refused = (message: string, code = 'VALIDATION'): BulletinCliOutcome => ({ exitCode: 1, body: { ok: false, error: { code, message } }, human: [`操作未完成：${message}`] });
const usage = (message: string): BulletinCliOutcome => ({ exitCode: 2, body: { ok: false, error: { code: 'BAD_REQUEST', message } }, human: [message] });
const fromResponse = (r: Extract<ApiResponse, { ok: false }>): BulletinCliOutcome => ({ exitCode: 1, body: { ok: false, error: r.error }, human: [`操作未完成：${r.error.message}`] });

/** `session` opens the command's ledger (the caller closes it when the command has answered). */
export async function runBulletinCommand(session: () => Promise<ServiceContext>, rest: string[], o: BulletinCliOptions): Promise<BulletinCliOutcome> {
  const [what, ...extra] = rest;
  if (extra.length > 0) return usage(`bulletin 多余的参数：${extra.join(' ')}`);
  if (what === 'list') {
    const ledger = await session();
    const res = await dispatch(ledger, 'bulletins.list', { year: o.year === undefined ? undefined : Number(o.year), keyword: o.keyword });
    if (!res.ok) return fromResponse(res);
    const { rows } = res.value as { rows: BulletinRow[] };
    return {
      exitCode: 0,
      body: { ok: true, rows },
      human: ['年度\t期号\t状态\t印发日期\t标题', ...rows.map((r) => `${r.year}\t${r.label}\t${r.status === 'issued' ? '已签发' : '草稿'}\t${r.issueDate ?? ''}\t${r.title}`)],
    };
  }
  if (what !== 'pdf') return usage(what ? `bulletin 不认识“${what}”，可选 pdf、list` : 'bulletin 需要指定 pdf 或 list');
  if (!o.out) return usage('bulletin pdf 需要 --out 输出的 PDF 文件');
  if (o.draft ? o.id !== undefined : o.id === undefined) return usage('bulletin pdf 需要 --id 简报编号，或 --draft 加 --inspection 检查名称（或 --from/--to 期间）');
  if (o.id !== undefined && !/^\d+$/.test(o.id)) return usage(`--id 需要整数，收到“${o.id}”`);
  const ledger = await session();
  let id: number;
  if (o.draft) {
    let source: unknown;
    if (o.inspection) {
      const list = await dispatch(ledger, 'inspections.list', { keyword: o.inspection.slice(0, 50), limit: 1000 });
      if (!list.ok) return fromResponse(list);
      const found = (list.value as InspectionPage).rows.find((r) => r.name === o.inspection);
      if (!found) return refused(`找不到名为“${o.inspection}”的检查，请核对名称（可用督导检查页面的检查名称）。`, 'NOT_FOUND');
      source = { kind: 'inspection', inspectionId: found.id };
    } else if (o.from && o.to) {
      source = { kind: 'period', start: o.from, end: o.to };
    } else {
      return usage('--draft 需要 --inspection 检查名称，或 --from 与 --to 起止日期');
    }
    const composed = await dispatch(ledger, 'bulletins.compose', { source });
    if (!composed.ok) return fromResponse(composed);
    id = (composed.value as BulletinDetail).id;
  } else {
    id = Number(o.id);
  }
  const got = await dispatch(ledger, 'bulletins.get', { id });
  if (!got.ok) return fromResponse(got);
  const bulletin = got.value as BulletinDetail;
  const pdf = await bulletinPdfBytes(ledger, id);
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  fs.writeFileSync(o.out, pdf.bytes);
  return {
    exitCode: 0,
    body: { ok: true, id, year: bulletin.year, number: bulletin.number, label: bulletin.label, title: bulletin.title, status: bulletin.status, pages: pdf.pageCount, bytes: pdf.bytes.length, out: path.resolve(o.out) },
    human: [`已写出 ${path.resolve(o.out)}：${bulletin.year}年${bulletin.label}《${bulletin.title}》，共 ${pdf.pageCount} 页${bulletin.status === 'issued' ? '（已签发的归档文件）' : '（草稿）'}`],
  };
}
