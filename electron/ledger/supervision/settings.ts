// 设置 of the supervision ledger: how many days 立行立改 allows, and what evidence files are accepted (size
// limit and type allow-list). Stored in the settings table (key → JSON) like the other settings; every
// change leaves an audit row. A stored value that is out of range (a hand-edited file) falls back to the
// default rather than breaking the screens.
import type { ChannelParsedInput, SupervisionSettingsValue } from '../../../shared/api';
import {
  ATTACHMENT_MAX_BYTES_CEILING,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DEFAULT_ATTACHMENT_TYPES,
  KNOWN_ATTACHMENT_TYPES,
} from '../../../shared/attachment-types';
import { writeAudited } from '../../platform/audited-write';
import type { ServiceContext } from '../../platform/context';
import { dataPort, type DataReader } from '../../platform/data-port';
import { readSettingOn, saveSettingChangesOn } from '../settings/store';

/**
 * 立行立改 ("fix at once") = the inspection's end date (its start when it has no end) + 30 days by default:
 * findings are handed over when the inspection ends (反馈), and the county's 整改方案 usually give
 * 立行立改 items a month. The demo generator and the import use the same 30 days.
 */
export const DEFAULT_IMMEDIATE_DAYS = 30;

const KEYS = {
  immediateDays: 'findingImmediateDays',
  attachmentMaxBytes: 'attachmentMaxBytes',
  attachmentTypes: 'attachmentTypes',
} as const;

type Editable = Omit<SupervisionSettingsValue, 'knownAttachmentTypes'>;

/** The settings from their stored values, each out-of-range value replaced by its default. */
function supervisionSettingsOf(days: unknown, max: unknown, types: unknown): SupervisionSettingsValue {
  const known: readonly string[] = KNOWN_ATTACHMENT_TYPES;
  const validTypes = Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string' && known.includes(t)) : [];
  return {
    immediateDays: typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365 ? days : DEFAULT_IMMEDIATE_DAYS,
    attachmentMaxBytes:
      typeof max === 'number' && Number.isInteger(max) && max >= 1024 && max <= ATTACHMENT_MAX_BYTES_CEILING ? max : DEFAULT_ATTACHMENT_MAX_BYTES,
    attachmentTypes: validTypes.length > 0 ? validTypes : [...DEFAULT_ATTACHMENT_TYPES],
    knownAttachmentTypes: [...KNOWN_ATTACHMENT_TYPES],
  };
}

/** The settings through the data port (inside a transaction: `tx`), on either engine. */
export async function getSupervisionSettingsOn(db: DataReader): Promise<SupervisionSettingsValue> {
  return supervisionSettingsOf(await readSettingOn(db, KEYS.immediateDays), await readSettingOn(db, KEYS.attachmentMaxBytes), await readSettingOn(db, KEYS.attachmentTypes));
}

export async function updateSupervisionSettings(
  ctx: ServiceContext,
  input: ChannelParsedInput<'supervisionSettings.update'>,
): Promise<SupervisionSettingsValue> {
  await writeAudited(ctx, async (tx, audit) => {
    const before = await getSupervisionSettingsOn(tx);
    const fields = Object.keys(KEYS) as Array<keyof Editable>;
    const changed = fields.filter((k) => input[k] !== undefined && JSON.stringify(input[k]) !== JSON.stringify(before[k]));
    await saveSettingChangesOn(tx, audit, changed.map((k) => ({ field: k, key: KEYS[k], before: before[k], after: input[k] })), ctx.now().toISOString());
  });
  return getSupervisionSettingsOn(dataPort(ctx));
}
