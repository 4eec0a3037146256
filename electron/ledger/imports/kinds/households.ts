// Beneficiary households (受益户). The ID number is checked (GB 11643) and is the key: a household already in
// the ledger is updated (or skipped), one named twice in the file is an error on the second row. ID numbers
// are personal data: no message quotes one, the audit trail keeps them masked, and a number that Excel
// stored as a number (its last digits lost) is refused with a sentence saying so.
import { checkIdNumber, maskIdNumber } from '../../../../shared/id-number';
import { HOUSEHOLD_COLUMN, HOUSEHOLD_FIELDS, householdByIdNumber, insertHousehold, updateHousehold, type HouseholdFields } from '../../projects/store';
import type { HouseholdType } from '../../../../shared/enums';
import { matchHouseholdType } from '../../../../shared/import/words';
import { HOUSEHOLD_FIELD as F, HOUSEHOLD_MEMBERS } from '../../../../shared/households/fields';
import { readCount, readName, readText, readWord, readPlace } from '../cells';
import type { RowInput } from '../env';
import type { KindEnv, KindPlan, PlannedRow, Writer } from '../types';

/** The household fields an import row fills: the projects store's own field list and column map. */
export type HouseholdValues = HouseholdFields;
export const HOUSEHOLD_COLUMNS = HOUSEHOLD_COLUMN;
const FIELDS = HOUSEHOLD_FIELDS;

/** The audit trail's copy: the ID number masked. */
function forAudit(v: Partial<HouseholdValues>): Partial<HouseholdValues> {
  return v.idNumber ? { ...v, idNumber: maskIdNumber(v.idNumber) } : v;
}

export async function planHouseholds(env: KindEnv, rows: RowInput[]): Promise<KindPlan> {
  const { ctx, log } = env;
  const planned: PlannedRow[] = [];
  const countyCode = env.lookups.divisions.find((d) => d.level === 'county')?.code ?? null;
  const seen = new Map<string, number>();
  interface Op {
    kind: 'create' | 'update';
    values: HouseholdValues;
    targetId?: number;
    before?: Partial<HouseholdValues>;
    after?: Partial<HouseholdValues>;
  }
  const ops: Op[] = [];
  for (const input of rows) {
    const row = input.row;
    let bad = false;
    const given = new Set<keyof HouseholdValues>();
    const take = <T>(v: T | null | undefined, field?: keyof HouseholdValues): T | null => {
      if (v === undefined) bad = true;
      else if (v !== null && field) given.add(field);
      return v ?? null;
    };
    const headName = take(readName(env, input, 'headName'), 'headName');
    if (headName === null && !bad) {
      log.error(row, input.get('headName')?.col ?? null, 'headName', `${F.headName.label}为空，请填写`);
      bad = true;
    }
    let idNumber: string | null = null;
    const idCell = input.get('idNumber');
    if (!idCell || idCell.cell === null || (typeof idCell.cell === 'string' && idCell.cell.trim() === '')) {
      log.error(row, idCell?.col ?? null, 'idNumber', `${F.idNumber.label}为空，请填写 18 位公民身份号码`);
      bad = true;
    } else if (typeof idCell.cell === 'number') {
      log.error(
        row,
        idCell.col,
        'idNumber',
        idCell.cell >= 1e14
          ? `${F.idNumber.label}被 Excel 存成了数字，末几位已经丢失；请把该列设为“文本”格式后重新填写${F.idNumber.label}`
          : `${F.idNumber.label}应为 18 位，这一格是数字且位数不对，请核对`,
      );
      bad = true;
    } else {
      const check = checkIdNumber(env.text(idCell.cell), { today: ctx.now() });
      if (!check.ok) {
        log.error(row, idCell.col, 'idNumber', check.message);
        bad = true;
      } else {
        idNumber = check.normalised;
        given.add('idNumber');
        if (countyCode && idNumber.slice(0, 6) !== countyCode.slice(0, 6)) {
          log.warn('idAddressCode', row, idCell.col, 'idNumber', `${F.idNumber.label}前 6 位（地址码）与本县区划代码不同，请核对是否外县户籍或号码有误`);
        }
        const first = seen.get(idNumber);
        if (first !== undefined) {
          log.error(row, idCell.col, 'idNumber', `与第${first}行的${F.idNumber.label}相同，同一户不能出现两次`);
          bad = true;
        } else seen.set(idNumber, row);
      }
    }
    const members = take(readCount(env, input, 'members'), 'members');
    if (members !== null && (members < HOUSEHOLD_MEMBERS.min || members > HOUSEHOLD_MEMBERS.max)) {
      log.error(row, input.get('members')?.col ?? null, 'members', `${F.members.label} ${members} 不在 ${HOUSEHOLD_MEMBERS.min}–${HOUSEHOLD_MEMBERS.max} 之间，请核对`);
      bad = true;
    }
    let householdType: HouseholdType | null = null;
    const ht = readWord(env, input, 'householdType');
    if (ht === undefined) bad = true;
    else if (ht) {
      const m = matchHouseholdType(ht.text);
      if (!m.ok) {
        log.error(row, ht.col, 'householdType', m.message);
        bad = true;
      } else if (m.value) {
        householdType = m.value;
        given.add('householdType');
      }
    }
    const place = readPlace(env, input, log, row);
    if (place === null) bad = true;
    else {
      if (place.townshipId !== null) given.add('townshipId');
      if (place.villageId !== null) given.add('villageId');
    }
    const remark = take(readText(env, input, 'remark'), 'remark');
    if (bad || headName === null || idNumber === null || place === null) {
      planned.push({ row, outcome: 'error', amountFen: 0 });
      continue;
    }
    const values: HouseholdValues = { headName, idNumber, members, householdType, townshipId: place.townshipId, villageId: place.villageId, remark };
    const existing = await householdByIdNumber(env.port, idNumber);
    if (!existing) {
      ops.push({ kind: 'create', values });
      planned.push({ row, outcome: 'create', amountFen: 0 });
      continue;
    }
    const id = existing.id;
    if (existing.deletedAt !== null) {
      log.error(row, idCell?.col ?? null, 'idNumber', `该${F.idNumber.label}的受益户已被删除（删除记录保留在台账中），请先在受益户中恢复或核对号码`);
      planned.push({ row, outcome: 'error', amountFen: 0 });
      continue;
    }
    if (env.options.onMatch === 'skip') {
      planned.push({ row, outcome: 'skip', reason: `台账中已有该户（记录 ${id}），按设置跳过`, targetId: id, amountFen: 0 });
      continue;
    }
    const before = Object.fromEntries(FIELDS.map((f) => [f, existing[f]])) as unknown as HouseholdValues;
    const after: HouseholdValues = { ...before };
    for (const f of given) (after as unknown as Record<string, unknown>)[f] = values[f];
    const changed = FIELDS.filter((f) => after[f] !== before[f]);
    if (changed.length === 0) {
      planned.push({ row, outcome: 'unchanged', reason: `与台账中的该户（记录 ${id}）一致，无需更新`, targetId: id, amountFen: 0 });
      continue;
    }
    ops.push({
      kind: 'update',
      values,
      targetId: id,
      before: Object.fromEntries(changed.map((f) => [f, before[f]])),
      after: Object.fromEntries(changed.map((f) => [f, after[f]])),
    });
    planned.push({ row, outcome: 'update', targetId: id, amountFen: 0 });
  }
  return {
    rows: planned,
    async apply(w: Writer) {
      let created = 0;
      let updated = 0;
      for (const op of ops) {
        if (op.kind === 'create') {
          const v = { ...op.values, townshipId: w.place(op.values.townshipId), villageId: w.place(op.values.villageId) };
          const householdId = await insertHousehold(w.tx, v, w.batchId, w.stamp);
          await w.audit.record({ action: 'create', entity: 'household', entityId: householdId, after: forAudit(v), importBatchId: w.batchId });
          created += 1;
        } else {
          const after = { ...(op.after as Record<string, unknown>) };
          if ('townshipId' in after) after.townshipId = w.place(after.townshipId as number | null);
          if ('villageId' in after) after.villageId = w.place(after.villageId as number | null);
          await updateHousehold(w.tx, op.targetId as number, after as Partial<HouseholdValues>, w.stamp);
          await w.audit.record({ action: 'update', entity: 'household', entityId: op.targetId as number, before: forAudit(op.before ?? {}), after: forAudit(after as Partial<HouseholdValues>), reason: `导入：${env.fileName}`, importBatchId: w.batchId });
          updated += 1;
        }
      }
      return { created, updated };
    },
  };
}
