// 设置 of 帮扶力量: the 在岗 rule's N days, the leave threshold between the 乡镇党委 and the 县委组织部, the usual
// 任期, the pairing limit per rank and the consequence table of absences. Stored in the settings table (key → JSON)
// through the settings store; a stored value out of range falls back to its default (shared/assistance/rules.ts).
// Every change leaves one audit row naming the fields in words (a limit per rank, the table as sentences).
import { CadreRank } from '../../../shared/assistance/enums';
import { assistanceSettingsOf, type AssistanceSettingsValue } from '../../../shared/assistance/rules';
import type { ChannelParsedInput } from '../../../shared/api';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { readSettingOn, writeSettingOn } from '../settings/store';

const KEYS: Record<keyof AssistanceSettingsValue, string> = {
  minDaysInVillage: 'assistanceMinDaysInVillage',
  leaveTownshipMaxDays: 'assistanceLeaveTownshipMaxDays',
  termYears: 'assistanceTermYears',
  pairingLimits: 'assistancePairingLimits',
  absenceConsequences: 'assistanceAbsenceConsequences',
};
const FIELDS = Object.keys(KEYS) as Array<keyof AssistanceSettingsValue>;

export async function getAssistanceSettingsOn(db: DataReader): Promise<AssistanceSettingsValue> {
  const stored: Partial<Record<keyof AssistanceSettingsValue, unknown>> = {};
  for (const field of FIELDS) stored[field] = await readSettingOn<unknown>(db, KEYS[field]);
  return assistanceSettingsOf(stored);
}

/** A setting as the 审计日志 shows it: one field per rank's limit, the table as sentences. */
function forAudit(field: keyof AssistanceSettingsValue, value: AssistanceSettingsValue[keyof AssistanceSettingsValue]): Record<string, unknown> {
  if (field === 'pairingLimits') {
    const limits = value as AssistanceSettingsValue['pairingLimits'];
    return Object.fromEntries(CadreRank.values.map((rank) => [`pairingLimit${rank.charAt(0).toUpperCase()}${rank.slice(1)}`, limits[rank]]));
  }
  if (field === 'absenceConsequences') {
    return { absenceConsequences: (value as AssistanceSettingsValue['absenceConsequences']).map((r) => `缺勤 ${r.times} 次：${r.consequence}`) };
  }
  return { [field]: value };
}

export async function updateAssistanceSettings(ctx: ServiceContext, input: ChannelParsedInput<'assistanceSettings.update'>): Promise<AssistanceSettingsValue> {
  await writeAudited(ctx, async (tx, audit) => {
    const before = await getAssistanceSettingsOn(tx);
    const after: AssistanceSettingsValue = {
      ...before,
      ...Object.fromEntries(FIELDS.filter((f) => f !== 'pairingLimits' && input[f] !== undefined).map((f) => [f, input[f]])),
      pairingLimits: { ...before.pairingLimits, ...input.pairingLimits },
    };
    const changed = FIELDS.filter((f) => JSON.stringify(after[f]) !== JSON.stringify(before[f]));
    if (changed.length === 0) return;
    const at = ctx.now().toISOString();
    for (const f of changed) await writeSettingOn(tx, KEYS[f], after[f], at);
    await audit.record({
      action: 'update',
      entity: 'settings',
      before: Object.assign({}, ...changed.map((f) => forAudit(f, before[f]))) as Record<string, unknown>,
      after: Object.assign({}, ...changed.map((f) => forAudit(f, after[f]))) as Record<string, unknown>,
    });
  });
  return getAssistanceSettingsOn(dataPort(ctx));
}
