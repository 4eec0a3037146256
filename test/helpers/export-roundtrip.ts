// Helpers of the export tests: copy a ledger's reference data (区划, 单位) into a fresh one, export a ledger
// view to a file, and read a ledger's records in a comparable, id-free shape (names instead of ids).
import fs from 'node:fs';
import path from 'node:path';
import type { ChannelInput } from '../../shared/api';
import { exportLedgerInput } from '../../shared/api-export';
import type { LedgerHandle } from '../../electron/platform/context';
import { createDivision, listDivisions, setupCounty } from '../../electron/ledger/divisions/service';
import { buildLedgerWorkbook } from '../../electron/ledger/exports/service';
import { createUnit, listUnits } from '../../electron/ledger/divisions/units';

/** 区划 and 单位 of `from` entered into `to` through the services (reference data, not ledger records). */
export async function copyReferenceData(from: LedgerHandle, to: LedgerHandle): Promise<void> {
  const divisions = await listDivisions(from);
  const ids = new Map<number, number>();
  const county = divisions.find((d) => d.level === 'county');
  if (!county) throw new Error('no county');
  ids.set(county.id, (await setupCounty(to, { name: county.name, code: county.code })).id);
  for (const level of ['township', 'village'] as const) {
    for (const d of divisions.filter((x) => x.level === level)) {
      const parentId = ids.get(d.parentId as number) as number;
      ids.set(d.id, (await createDivision(to, { level, parentId, name: d.name, code: d.code, isPovertyVillage: d.isPovertyVillage, exitYear: d.exitYear })).id);
    }
  }
  for (const u of await listUnits(from)) {
    await createUnit(to, { name: u.name, kind: u.kind, divisionId: u.divisionId === null ? null : (ids.get(u.divisionId) ?? null), contactPerson: null, phone: null, remark: null });
  }
}

export async function exportToFile(ledger: LedgerHandle, dir: string, input: ChannelInput<'export.ledger'>, name?: string): Promise<{ file: string; rows: number; sheets: string[] }> {
  const built = await buildLedgerWorkbook(ledger, exportLedgerInput.parse(input));
  const file = path.join(dir, name ?? `${input.ledger}-${Math.random().toString(36).slice(2)}.xlsx`);
  fs.writeFileSync(file, built.buffer);
  return { file, rows: built.rows, sheets: built.sheets };
}

function rows(ledger: LedgerHandle, sql: string): string[] {
  return (ledger.sqlite.prepare(sql).all() as unknown[]).map((r) => JSON.stringify(r)).sort();
}

/** Every project as the ledger knows it, by names (ids differ between ledgers). */
export function projectRecords(ledger: LedgerHandle): string[] {
  return rows(
    ledger,
    `select p.year, p.code, p.name, c.name as category, s.name as subcategory, p.construction_nature as nature,
            t.name as township, v.name as village,
            -- 实施地点 that only repeats 乡镇+村 is not kept by the import (the place says it already).
            case when p.location = coalesce(t.name, '') || coalesce(v.name, '') then null else p.location end as location, p.content, p.planned_start as plannedStart, p.planned_end as plannedEnd,
            p.actual_start as actualStart, p.actual_end as actualEnd, d.name as department, i.name as implementer,
            p.responsible_person as responsiblePerson, p.fund_central_fen as central, p.fund_provincial_fen as provincial,
            p.fund_municipal_fen as municipal, p.fund_county_fen as county, p.fund_other_fen as other, p.fund_other_note as otherNote,
            p.financing_method as financing, p.beneficiary_villages as villages, p.beneficiary_households as households,
            p.beneficiary_people as people, p.poverty_households as povertyHouseholds, p.poverty_people as povertyPeople,
            p.monitored_households as monitoredHouseholds, p.monitored_people as monitoredPeople, p.performance_target as target,
            (select group_concat(value, '、') from (select value from json_each(coalesce(p.farmer_linkage, '[]')) order by value)) as linkage,
            p.status, p.remark
     from projects p
     left join project_types c on c.id = p.category_id left join project_types s on s.id = p.subcategory_id
     left join divisions t on t.id = p.township_id left join divisions v on v.id = p.village_id
     left join units d on d.id = p.department_id left join units i on i.id = p.implementer_id
     where p.deleted_at is null`,
  );
}

export function allocationRecords(ledger: LedgerHandle): string[] {
  return rows(
    ledger,
    `select a.doc_number as doc, a.level, a.fund_name as fundName, a.date, a.year, a.amount_fen as amount, a.recipient, a.remark,
            (select group_concat(x, '|') from (select p.code || ':' || s.amount_fen as x from allocation_splits s join projects p on p.id = s.project_id
              where s.allocation_id = a.id order by p.code)) as splits
     from allocations a where a.deleted_at is null`,
  );
}

export function paymentRecords(ledger: LedgerHandle): string[] {
  return rows(
    ledger,
    `select p.code as project, pay.date, pay.amount_fen as amount, pay.payee, pay.voucher, pay.payment_type as type,
            a.doc_number as doc, a.level, pay.remark
     from payments pay join projects p on p.id = pay.project_id left join allocations a on a.id = pay.allocation_id
     where pay.deleted_at is null`,
  );
}

/** Findings with their inspection's name; the 整改时限 as the words shown (the clerk's words, else the date). */
export function findingRecords(ledger: LedgerHandle): string[] {
  return rows(
    ledger,
    `select i.name as inspection, f.seq, f.category, f.description, t.name as township, v.name as village,
            f.lead_unit as leadUnit, f.responsible_unit as responsibleUnit, f.responsible_leader as leader,
            f.responsible_person as person, f.goal, f.measures, coalesce(f.deadline_text, f.deadline_date) as deadline,
            f.progress_text as progress, f.status, f.closed_date as closedDate, f.closed_reviewer as reviewer,
            case when (select count(*) from projects q where q.name = p.name and q.deleted_at is null) = 1 then p.name end as project
     from findings f join inspections i on i.id = f.inspection_id
     left join divisions t on t.id = f.township_id left join divisions v on v.id = f.village_id
     left join projects p on p.id = f.project_id
     where f.deleted_at is null and i.deleted_at is null`,
  );
}

/** The records only one side has (first few of each), so a failing comparison says what differs. */
export function recordDiff(expected: readonly string[], actual: readonly string[]): { onlyExpected: string[]; onlyActual: string[]; counts: [number, number] } {
  const left = new Map<string, number>();
  for (const r of expected) left.set(r, (left.get(r) ?? 0) + 1);
  const onlyActual: string[] = [];
  for (const r of actual) {
    const n = left.get(r) ?? 0;
    if (n > 0) left.set(r, n - 1);
    else onlyActual.push(r);
  }
  const onlyExpected = [...left.entries()].flatMap(([r, n]) => Array<string>(n).fill(r));
  return { onlyExpected: onlyExpected.slice(0, 3), onlyActual: onlyActual.slice(0, 3), counts: [expected.length, actual.length] };
}
