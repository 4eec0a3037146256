// The stored fields of each audited record as a clerk reads them: the Chinese label and what kind of value
// the field holds (money in fen, a day, a link to another record, an enumeration with its labels). The 审计日志
// describes its rows with these; a form or an export may take its labels from here too.
//
// Labels are not written twice: a field the import also knows takes the import's label (shared/import/
// fields.ts), an enumeration takes its labels from shared/enums.ts, the record counts of a ledger from
// shared/api-backup.ts. Only fields that had no label anywhere in shared/ are named here.
import { LEDGER_COUNT_LABEL } from './api-backup';
import {
  AssetKind,
  AssetOperationMode,
  AssetRightsLevel,
  AssetStatus,
  FindingCategory,
  FindingStatus,
  FundLevel,
  HouseholdType,
  ImportKind,
  InspectionSource,
  OperatorRole,
  PaymentType,
  ProjectStatus,
  UnitKind,
} from './enums';
import { fieldDef } from './import/fields';
import { PLAIN_PROJECT_FIELDS, type PlainValue } from './projects/fields';
import { ASSET_FIELD, type AssetFieldKey } from './assets/fields';
import { HOUSEHOLD_FIELD, type HouseholdFieldKey } from './households/fields';
import { FINDING_FIELD, INSPECTION_FIELD, type FindingFieldKey, type InspectionFieldKey } from './supervision/fields';
import { AssistanceUnitKind, AssistanceUnitLevel, CadreRank, Gender, LeaveApprovalLevel, MemberStatus, PoliticalStatus, TeamRole, UnitProjectRole } from './assistance/enums';
import * as AF from './assistance/fields';

/** Records a field may link to; the audit service resolves their names. */
export type RecordRef =
  | 'project'
  | 'allocation'
  | 'division'
  | 'unit'
  | 'projectType'
  | 'inspection'
  | 'finding'
  | 'asset'
  | 'bulletinSeries'
  | 'operator'
  | 'importBatch';

export type FieldValue =
  | { kind: 'text' }
  | { kind: 'fen' }
  | { kind: 'date' }
  | { kind: 'instant' }
  | { kind: 'number'; unit?: string }
  | { kind: 'year' }
  | { kind: 'ratio' }
  | { kind: 'bool' }
  | { kind: 'bytes' }
  | { kind: 'list' }
  | { kind: 'enum'; labels: Readonly<Record<string, string>> }
  | { kind: 'ref'; to: RecordRef }
  | { kind: 'refs'; to: RecordRef }
  /** An allocation's split: [{ projectId | allocationId, amountFen }]. */
  | { kind: 'splits'; to: 'project' | 'allocation' }
  /** A file path: the clerk recognises the file by its name. */
  | { kind: 'file' }
  /** A ledger's record counts ({ projects: 3, … }). */
  | { kind: 'counts' }
  /** A bulletin's body: too long for a line; the raw record has it. */
  | { kind: 'document' }
  /** The 报/送/发 recipients of a bulletin series (stored as JSON text). */
  | { kind: 'recipients' }
  /** The record owning an attachment: its ownerType names which kind. */
  | { kind: 'owner' }
  /** An audit chain's head ({ id, hash }): 第 N 条. */
  | { kind: 'head' }
  /** Kept in the raw record only (hashes, internal numbers). */
  | { kind: 'hidden' };

export interface RecordField {
  label: string;
  value: FieldValue;
}

type Fields = Readonly<Record<string, RecordField>>;

const text: FieldValue = { kind: 'text' };
const fen: FieldValue = { kind: 'fen' };
const date: FieldValue = { kind: 'date' };
const instant: FieldValue = { kind: 'instant' };
const bool: FieldValue = { kind: 'bool' };
const hidden: RecordField = { label: '', value: { kind: 'hidden' } };
const ref = (to: RecordRef): FieldValue => ({ kind: 'ref', to });
const oneOf = (e: { label: Readonly<Record<string, string>> }): FieldValue => ({ kind: 'enum', labels: e.label });
const count = (unit?: string): FieldValue => ({ kind: 'number', unit });

/** A field the import knows: its label comes from there (a missing one is a programming error, caught by the tests). */
function imported(kind: ImportKind, key: string, value: FieldValue, label?: string): RecordField {
  const def = fieldDef(kind, key);
  if (!def) throw new Error(`shared/import/fields.ts has no ${kind}.${key}`);
  return { label: label ?? def.label, value };
}

const place = {
  townshipId: imported('projects', 'township', ref('division')),
  villageId: imported('projects', 'village', ref('division')),
};
const remark = imported('projects', 'remark', text);

/** 区划 levels (the county is set up once; townships and villages are its parts). */
export const DivisionLevel = { label: { county: '县', township: '乡镇', village: '村' } } as const;
/** 简报 states. */
export const BulletinState = { label: { draft: '草稿', issued: '已签发' } } as const;
/** Where an operator signed in. */
export const DoorLabel = { label: { electron: '桌面程序', web: '浏览器', cli: '命令行' } } as const;

/** The plain project fields (shared/projects/fields.ts): their names and kinds of value come from the field table. */
function plainProjectRecordFields(): Fields {
  const valueOf = (v: PlainValue): FieldValue => (v.kind === 'text' ? text : v.kind === 'day' ? date : { kind: 'enum', labels: v.choices.label });
  return Object.fromEntries(PLAIN_PROJECT_FIELDS.map(([key, f]) => [key, { label: f.label, value: valueOf(f.plain.value) }]));
}

export const PROJECT_FIELDS: Fields = {
  year: imported('projects', 'year', { kind: 'year' }),
  code: imported('projects', 'code', text),
  name: imported('projects', 'name', text),
  categoryId: imported('projects', 'category', ref('projectType')),
  subcategoryId: imported('projects', 'subcategory', ref('projectType')),
  constructionNature: imported('projects', 'nature', text),
  ...place,
  location: imported('projects', 'location', text),
  content: imported('projects', 'content', text),
  plannedStart: imported('projects', 'plannedStart', date),
  plannedEnd: imported('projects', 'plannedEnd', date),
  actualStart: imported('projects', 'actualStart', date),
  actualEnd: imported('projects', 'actualEnd', date),
  departmentId: imported('projects', 'department', ref('unit')),
  implementerId: imported('projects', 'implementer', ref('unit')),
  responsiblePerson: imported('projects', 'responsiblePerson', text),
  totalFen: imported('projects', 'total', fen),
  fundCentralFen: imported('projects', 'fundCentral', fen),
  fundProvincialFen: imported('projects', 'fundProvincial', fen),
  fundMunicipalFen: imported('projects', 'fundMunicipal', fen),
  fundCountyFen: imported('projects', 'fundCounty', fen),
  fundOtherFen: imported('projects', 'fundOther', fen),
  fundOtherNote: imported('projects', 'fundOtherNote', text),
  beneficiaryVillages: imported('projects', 'beneficiaryVillages', count('个')),
  beneficiaryHouseholds: imported('projects', 'households', count('户')),
  beneficiaryPeople: imported('projects', 'people', count('人')),
  povertyHouseholds: imported('projects', 'povertyHouseholds', count('户')),
  povertyPeople: imported('projects', 'povertyPeople', count('人')),
  monitoredHouseholds: imported('projects', 'monitoredHouseholds', count('户')),
  monitoredPeople: imported('projects', 'monitoredPeople', count('人')),
  farmerLinkage: imported('projects', 'farmerLinkage', { kind: 'list' }),
  farmerLinkageNote: { label: '联农带农说明', value: text },
  status: imported('projects', 'status', oneOf(ProjectStatus)),
  remark,
  ...plainProjectRecordFields(),
  splits: { label: '资金分配', value: { kind: 'splits', to: 'allocation' } },
};

export const ALLOCATION_FIELDS: Fields = {
  docNumber: imported('allocations', 'docNumber', text),
  level: imported('allocations', 'level', oneOf(FundLevel)),
  fundName: imported('allocations', 'fundName', text),
  date: imported('allocations', 'date', date),
  year: imported('allocations', 'year', { kind: 'year' }),
  amountFen: imported('allocations', 'amount', fen),
  recipient: imported('allocations', 'recipient', text),
  remark,
  splits: { label: '资金分配', value: { kind: 'splits', to: 'project' } },
};

export const PAYMENT_FIELDS: Fields = {
  projectId: imported('payments', 'project', ref('project'), '项目'),
  allocationId: imported('payments', 'docNumber', ref('allocation')),
  date: imported('payments', 'date', date),
  amountFen: imported('payments', 'amount', fen),
  payee: imported('payments', 'payee', text),
  voucher: imported('payments', 'voucher', text),
  paymentType: imported('payments', 'paymentType', oneOf(PaymentType)),
  remark,
};

/** A field of the asset table (shared/assets/fields.ts): its name comes from there. */
const assetField = (key: AssetFieldKey, value: FieldValue): RecordField => ({ label: ASSET_FIELD[key].label, value });

export const ASSET_FIELDS: Fields = {
  code: assetField('code', text),
  name: assetField('name', text),
  kind: assetField('kind', oneOf(AssetKind)),
  projectId: assetField('project', ref('project')),
  originalValueFen: assetField('originalValue', fen),
  formedDate: assetField('formedDate', date),
  townshipId: assetField('township', ref('division')),
  villageId: assetField('village', ref('division')),
  owner: assetField('owner', text),
  rightsLevel: assetField('rightsLevel', oneOf(AssetRightsLevel)),
  handoverDate: assetField('handoverDate', date),
  manager: assetField('manager', text),
  operationMode: assetField('operationMode', oneOf(AssetOperationMode)),
  contractStart: assetField('contractStart', date),
  contractEnd: assetField('contractEnd', date),
  status: assetField('status', oneOf(AssetStatus)),
  remark: assetField('remark', text),
};

export const ASSET_INCOME_FIELDS: Fields = {
  assetId: { label: '资产', value: ref('asset') },
  year: { label: '年度', value: { kind: 'year' } },
  incomeFen: assetField('income', fen),
  distribution: { label: '收益分配情况', value: text },
  remark,
};

/** A field of the inspection or finding table (shared/supervision/fields.ts): its name comes from there. */
const inspectionField = (key: InspectionFieldKey, value: FieldValue): RecordField => ({ label: INSPECTION_FIELD[key].label, value });
const findingField = (key: FindingFieldKey, value: FieldValue, label?: string): RecordField => ({ label: label ?? FINDING_FIELD[key].label, value });

export const INSPECTION_FIELDS: Fields = {
  name: inspectionField('name', text),
  source: inspectionField('source', oneOf(InspectionSource)),
  sourceDocNumber: inspectionField('sourceDocNumber', text),
  team: inspectionField('team', text),
  leader: inspectionField('leader', text),
  startDate: inspectionField('startDate', date),
  endDate: inspectionField('endDate', date),
  townshipIds: inspectionField('townshipIds', { kind: 'refs', to: 'division' }),
  departments: inspectionField('departments', { kind: 'list' }),
  remark: inspectionField('remark', text),
};

export const FINDING_FIELDS: Fields = {
  inspectionId: { label: '所属检查', value: ref('inspection') },
  seq: findingField('seq', count()),
  category: findingField('category', oneOf(FindingCategory)),
  description: findingField('description', text),
  townshipId: findingField('township', ref('division')),
  villageId: findingField('village', ref('division')),
  projectId: findingField('project', ref('project')),
  assetId: findingField('asset', ref('asset')),
  leadUnit: findingField('leadUnit', text),
  responsibleUnit: findingField('responsibleUnit', text),
  responsibleLeader: findingField('responsibleLeader', text),
  responsiblePerson: findingField('responsiblePerson', text),
  goal: findingField('goal', text),
  measures: findingField('measures', text),
  deadlineText: findingField('deadline', text),
  deadlineDate: findingField('deadline', date, '整改期限日'),
  status: findingField('status', oneOf(FindingStatus)),
  progressText: findingField('progress', text),
  completedBy: { label: '完成登记人', value: text },
  completedDate: { label: '完成日期', value: date },
  closedDate: findingField('closedDate', date),
  closedReviewer: findingField('closedReviewer', text),
};

export const FINDING_UPDATE_FIELDS: Fields = {
  findingId: { label: '问题', value: ref('finding') },
  date: { label: '进展日期', value: date },
  fromStatus: { label: '原状态', value: oneOf(FindingStatus) },
  toStatus: { label: '新状态', value: oneOf(FindingStatus) },
  note: findingField('progress', text),
  reviewer: findingField('closedReviewer', text),
};

export const ATTACHMENT_FIELDS: Fields = {
  id: hidden,
  ownerType: hidden,
  ownerId: { label: '所属记录', value: { kind: 'owner' } },
  name: { label: '文件名', value: text },
  sizeBytes: { label: '大小', value: { kind: 'bytes' } },
  mimeType: hidden,
  sha256: hidden,
  isImage: hidden,
  createdAt: { label: '上传时间', value: instant },
};

export const DIVISION_FIELDS: Fields = {
  id: hidden,
  code: { label: '区划代码', value: text },
  name: { label: '名称', value: text },
  level: { label: '级别', value: oneOf(DivisionLevel) },
  parentId: { label: '上级区划', value: ref('division') },
  isPovertyVillage: { label: '脱贫村', value: bool },
  exitYear: { label: '出列年份', value: { kind: 'year' } },
  sortOrder: hidden,
};

export const UNIT_FIELDS: Fields = {
  id: hidden,
  name: { label: '单位名称', value: text },
  kind: { label: '单位类别', value: oneOf(UnitKind) },
  divisionId: { label: '所在区划', value: ref('division') },
  contactPerson: { label: '联系人', value: text },
  phone: { label: '联系电话', value: text },
  remark,
};

/** A field of the household table (shared/households/fields.ts): its name comes from there. */
const householdField = (key: HouseholdFieldKey, value: FieldValue): RecordField => ({ label: HOUSEHOLD_FIELD[key].label, value });

export const HOUSEHOLD_FIELDS: Fields = {
  headName: householdField('headName', text),
  idNumber: householdField('idNumber', text),
  members: householdField('members', count('人')),
  householdType: householdField('householdType', oneOf(HouseholdType)),
  townshipId: householdField('township', ref('division')),
  villageId: householdField('village', ref('division')),
  remark: householdField('remark', text),
};

export const SETTINGS_FIELDS: Fields = {
  officeName: { label: '单位名称', value: text },
  countyName: { label: '县名', value: text },
  operatorName: { label: '操作员姓名', value: text },
  industryShareTarget: { label: '产业发展资金占比目标', value: { kind: 'ratio' } },
  assetMinReturnRate: { label: '资产最低收益率', value: { kind: 'ratio' } },
  immediateDays: { label: '立行立改天数', value: count('天') },
  attachmentMaxBytes: { label: '佐证材料大小上限', value: { kind: 'bytes' } },
  attachmentTypes: { label: '佐证材料文件类型', value: { kind: 'list' } },
  multiUser: { label: '多人模式', value: bool },
  ledgerLocation: { label: '台账存放位置', value: { kind: 'enum', labels: { local: '本机文件', office: '办公室服务器' } } },
  officeServer: { label: '办公室服务器', value: text },
  officePassword: { label: '服务器密码（加密保存）', value: text },
  // 帮扶力量 (electron/ledger/assistance/settings.ts names a limit per rank and the table as sentences).
  minDaysInVillage: { label: '每月在村天数要求', value: count('天') },
  leaveTownshipMaxDays: { label: '乡镇党委审批的请假天数上限', value: count('天') },
  termYears: { label: '驻村任期', value: count('年') },
  pairingLimitCountyLeader: { label: `${CadreRank.label.countyLeader}结对户数上限`, value: count('户') },
  pairingLimitSectionLevel: { label: `${CadreRank.label.sectionLevel}结对户数上限`, value: count('户') },
  pairingLimitStaff: { label: `${CadreRank.label.staff}结对户数上限`, value: count('户') },
  absenceConsequences: { label: '抽查缺勤处理结果', value: { kind: 'list' } },
};

export const BULLETIN_SERIES_FIELDS: Fields = {
  id: hidden,
  name: { label: '简报名称', value: text },
  issuer: { label: '编发单位', value: text },
  recipients: { label: '报送范围', value: { kind: 'recipients' } },
  copies: { label: '印数', value: count('份') },
  classification: { label: '密级', value: text },
};

export const BULLETIN_FIELDS: Fields = {
  id: hidden,
  seriesId: { label: '简报', value: ref('bulletinSeries') },
  seriesName: { label: '简报名称', value: text },
  year: { label: '年度', value: { kind: 'year' } },
  number: { label: '期号', value: count() },
  isSupplement: { label: '增刊', value: bool },
  label: { label: '期次', value: text },
  title: { label: '标题', value: text },
  issueDate: { label: '印发日期', value: date },
  status: { label: '状态', value: oneOf(BulletinState) },
  inspectionId: { label: '来源检查', value: ref('inspection') },
  inspectionName: { label: '来源检查名称', value: text },
  periodStart: { label: '起始日期', value: date },
  periodEnd: { label: '截止日期', value: date },
  issuedBy: { label: '签发人', value: text },
  issuedAt: { label: '签发时间', value: instant },
  pdfPath: { label: '归档文件', value: { kind: 'file' } },
  pdfSha256: hidden,
  pageCount: { label: '页数', value: count('页') },
  updatedAt: { label: '修改时间', value: instant },
  content: { label: '正文', value: { kind: 'document' } },
};

export const OPERATOR_FIELDS: Fields = {
  id: hidden,
  name: { label: '姓名', value: text },
  role: { label: '角色', value: oneOf(OperatorRole) },
  hasPassword: { label: '已设密码', value: bool },
  disabled: { label: '已停用', value: bool },
  door: { label: '登录方式', value: oneOf(DoorLabel) },
};

export const IMPORT_BATCH_FIELDS: Fields = {
  kind: { label: '导入种类', value: oneOf(ImportKind) },
  fileName: { label: '文件名', value: text },
  sha256: hidden,
  sheet: { label: '工作表', value: text },
  rowsRead: { label: '读取行数', value: count('行') },
  imported: { label: '新增行数', value: count('行') },
  updated: { label: '更新行数', value: count('行') },
  recordsCreated: { label: '新增记录', value: count('条') },
  recordsUpdated: { label: '更新记录', value: count('条') },
  skipped: { label: '跳过行数', value: count('行') },
  errors: { label: '有错误的行', value: count('行') },
  totalFen: { label: '金额合计', value: fen },
  placesAdded: { label: '新增区划', value: { kind: 'list' } },
  removed: { label: '删除的记录', value: count('条') },
  restored: { label: '恢复原值的记录', value: count('条') },
};

export const LEDGER_FIELDS: Fields = {
  scale: { label: '规模倍数', value: count('倍') },
  seed: hidden,
  from: { label: '备份文件', value: { kind: 'file' } },
  takenAt: { label: '备份时间', value: instant },
  previousBackup: { label: '恢复前备份', value: { kind: 'file' } },
  counts: { label: '记录数', value: { kind: 'counts' } },
  // The demo's counts are spread into its row.
  ...Object.fromEntries(Object.entries(LEDGER_COUNT_LABEL).map(([key, c]) => [key, { label: c.label, value: count(c.unit) }])),
  units: { label: '单位', value: count('个') },
  allocationSplits: { label: '资金分配', value: count('条') },
  assetIncomes: { label: '资产收益', value: count('条') },
  findingUpdates: { label: '整改进展', value: count('条') },
  // A restore names the chain's head it put aside and the one it brought (校验 tells a restore from a cut by them).
  replaced: { label: '被替换台账的审计日志末条', value: { kind: 'head' } },
  restoredHead: { label: '恢复的备份的审计日志末条', value: { kind: 'head' } },
  // 校验's own record.
  ok: { label: '结果', value: { kind: 'enum', labels: { true: '完整', false: '发现问题' } } },
  problems: { label: '问题数', value: count('处') },
  chainRows: { label: '审计日志记录数', value: count('条') },
  brokenAtId: { label: '审计日志断开处', value: count() },
  anchorsChecked: { label: '比对的锚点', value: count('个') },
  missingAfterId: { label: '截断处（此后缺失）', value: count() },
  recordsChecked: { label: '核对的记录', value: count('条') },
  findings: { label: '发现', value: { kind: 'list' } },
  trigger: { label: '发起', value: { kind: 'enum', labels: { startup: '程序启动时自动校验' } } },
};

// ---- 帮扶力量 (names from shared/assistance/fields.ts). Links to the area's own records show their number for
// now; the 审计日志 names divisions and projects as it does elsewhere.

/** A field of a 帮扶力量 record: its label from the area's field table. */
const af = (f: { label: string }, value: FieldValue): RecordField => ({ label: f.label, value });
const recordNumber: FieldValue = count();
const DepartureKind = { label: { rotated: MemberStatus.label.rotated, recalled: MemberStatus.label.recalled } } as const;

export const ASSISTANCE_RECORD_FIELDS: Readonly<Record<string, Fields>> = {
  assistanceUnit: {
    name: af(AF.UNIT_FIELD.name, text),
    kind: af(AF.UNIT_FIELD.kind, oneOf(AssistanceUnitKind)),
    level: af(AF.UNIT_FIELD.level, oneOf(AssistanceUnitLevel)),
    contactPerson: af(AF.UNIT_FIELD.contactPerson, text),
    phone: af(AF.UNIT_FIELD.phone, text),
    remark: af(AF.UNIT_FIELD.remark, text),
  },
  villageLink: {
    unitId: af(AF.LINK_FIELD.unitId, recordNumber),
    villageId: af(AF.LINK_FIELD.villageId, ref('division')),
    startDate: af(AF.LINK_FIELD.startDate, date),
    endDate: af(AF.LINK_FIELD.endDate, date),
    endReason: af(AF.LINK_FIELD.endReason, text),
    remark: af(AF.LINK_FIELD.remark, text),
  },
  townshipLeader: {
    name: af(AF.LEADER_FIELD.name, text),
    post: af(AF.LEADER_FIELD.post, text),
    phone: af(AF.LEADER_FIELD.phone, text),
    townshipId: af(AF.LEADER_FIELD.townshipId, ref('division')),
    startDate: af(AF.LEADER_FIELD.startDate, date),
    endDate: af(AF.LEADER_FIELD.endDate, date),
    endReason: af(AF.LEADER_FIELD.endReason, text),
    remark: af(AF.LEADER_FIELD.remark, text),
  },
  unitProject: {
    unitId: af(AF.OUTCOME_FIELD.unitId, recordNumber),
    projectId: af(AF.OUTCOME_FIELD.projectId, ref('project')),
    role: af(AF.OUTCOME_FIELD.role, oneOf(UnitProjectRole)),
    remark: af(AF.OUTCOME_FIELD.remark, text),
  },
  unitFund: {
    unitId: af(AF.OUTCOME_FIELD.unitId, recordNumber),
    date: af(AF.OUTCOME_FIELD.date, date),
    amountFen: af(AF.OUTCOME_FIELD.amountFen, fen),
    source: af(AF.OUTCOME_FIELD.source, text),
    projectId: af(AF.OUTCOME_FIELD.projectId, ref('project')),
    villageId: af(AF.OUTCOME_FIELD.villageId, ref('division')),
    remark: af(AF.OUTCOME_FIELD.remark, text),
  },
  unitDeed: {
    unitId: af(AF.OUTCOME_FIELD.unitId, recordNumber),
    date: af(AF.OUTCOME_FIELD.date, date),
    villageId: af(AF.OUTCOME_FIELD.villageId, ref('division')),
    description: af(AF.OUTCOME_FIELD.description, text),
  },
  workTeam: {
    villageId: af(AF.TEAM_FIELD.villageId, ref('division')),
    unitId: af(AF.TEAM_FIELD.unitId, recordNumber),
    startDate: af(AF.TEAM_FIELD.startDate, date),
    endDate: af(AF.TEAM_FIELD.endDate, date),
    endReason: af(AF.TEAM_FIELD.endReason, text),
    remark: af(AF.TEAM_FIELD.remark, text),
  },
  teamMember: {
    teamId: af(AF.MEMBER_FIELD.teamId, recordNumber),
    name: af(AF.MEMBER_FIELD.name, text),
    gender: af(AF.MEMBER_FIELD.gender, oneOf(Gender)),
    idNumber: af(AF.MEMBER_FIELD.idNumber, text),
    employer: af(AF.MEMBER_FIELD.employer, text),
    post: af(AF.MEMBER_FIELD.post, text),
    politicalStatus: af(AF.MEMBER_FIELD.politicalStatus, oneOf(PoliticalStatus)),
    phone: af(AF.MEMBER_FIELD.phone, text),
    role: af(AF.MEMBER_FIELD.role, oneOf(TeamRole)),
    termStart: af(AF.MEMBER_FIELD.termStart, date),
    termEnd: af(AF.MEMBER_FIELD.termEnd, date),
    status: af(AF.MEMBER_FIELD.status, oneOf(MemberStatus)),
    remark: af(AF.MEMBER_FIELD.remark, text),
  },
  memberRotation: {
    teamId: af(AF.MEMBER_FIELD.teamId, recordNumber),
    memberId: af(AF.ROTATION_FIELD.memberId, recordNumber),
    successorId: af(AF.ROTATION_FIELD.successorId, recordNumber),
    kind: af(AF.ROTATION_FIELD.kind, oneOf(DepartureKind)),
    date: af(AF.ROTATION_FIELD.date, date),
    reason: af(AF.ROTATION_FIELD.reason, text),
  },
  attendance: {
    memberId: af(AF.ATTENDANCE_FIELD.memberId, recordNumber),
    month: af(AF.ATTENDANCE_FIELD.month, date),
    daysInVillage: af(AF.ATTENDANCE_FIELD.daysInVillage, count('天')),
    remark: af(AF.ATTENDANCE_FIELD.remark, text),
  },
  memberLeave: {
    memberId: af(AF.LEAVE_FIELD.memberId, recordNumber),
    startDate: af(AF.LEAVE_FIELD.startDate, date),
    endDate: af(AF.LEAVE_FIELD.endDate, date),
    days: af(AF.LEAVE_FIELD.days, count('天')),
    reason: af(AF.LEAVE_FIELD.reason, text),
    approvalLevel: af(AF.LEAVE_FIELD.approvalLevel, oneOf(LeaveApprovalLevel)),
    approver: af(AF.LEAVE_FIELD.approver, text),
  },
  spotCheck: {
    memberId: af(AF.SPOT_CHECK_FIELD.memberId, recordNumber),
    date: af(AF.SPOT_CHECK_FIELD.date, date),
    checkedBy: af(AF.SPOT_CHECK_FIELD.checkedBy, text),
    present: af(AF.SPOT_CHECK_FIELD.present, { kind: 'enum', labels: { true: '在岗', false: '不在岗' } }),
    remark: af(AF.SPOT_CHECK_FIELD.remark, text),
  },
  cadre: {
    name: af(AF.CADRE_FIELD.name, text),
    employer: af(AF.CADRE_FIELD.employer, text),
    post: af(AF.CADRE_FIELD.post, text),
    phone: af(AF.CADRE_FIELD.phone, text),
    rank: af(AF.CADRE_FIELD.rank, oneOf(CadreRank)),
    remark: af(AF.CADRE_FIELD.remark, text),
  },
  pairing: {
    cadreId: af(AF.PAIRING_FIELD.cadreId, recordNumber),
    householdId: af(AF.PAIRING_FIELD.householdId, recordNumber),
    startDate: af(AF.PAIRING_FIELD.startDate, date),
    endDate: af(AF.PAIRING_FIELD.endDate, date),
    endReason: af(AF.PAIRING_FIELD.endReason, text),
    remark: af(AF.PAIRING_FIELD.remark, text),
  },
  visit: {
    date: af(AF.VISIT_FIELD.date, date),
    visitor: af(AF.VISIT_FIELD.visitor, text),
    cadreId: af(AF.VISIT_FIELD.cadreId, recordNumber),
    memberId: af(AF.VISIT_FIELD.memberId, recordNumber),
    householdId: af(AF.VISIT_FIELD.householdId, recordNumber),
    villageId: af(AF.VISIT_FIELD.villageId, ref('division')),
    content: af(AF.VISIT_FIELD.content, text),
  },
};

/** Every audited entity's fields (the 审计日志's entity names; shared/api-audit.ts labels the entities). */
export const RECORD_FIELDS: Readonly<Record<string, Fields>> = {
  project: PROJECT_FIELDS,
  allocation: ALLOCATION_FIELDS,
  payment: PAYMENT_FIELDS,
  asset: ASSET_FIELDS,
  assetIncome: ASSET_INCOME_FIELDS,
  inspection: INSPECTION_FIELDS,
  finding: FINDING_FIELDS,
  findingUpdate: FINDING_UPDATE_FIELDS,
  attachment: ATTACHMENT_FIELDS,
  division: DIVISION_FIELDS,
  unit: UNIT_FIELDS,
  household: HOUSEHOLD_FIELDS,
  settings: SETTINGS_FIELDS,
  bulletinSeries: BULLETIN_SERIES_FIELDS,
  bulletin: BULLETIN_FIELDS,
  operator: OPERATOR_FIELDS,
  importBatch: IMPORT_BATCH_FIELDS,
  ledger: LEDGER_FIELDS,
  ...ASSISTANCE_RECORD_FIELDS,
};

/** A stored column name as the audit may carry it (an undo records raw rows): amount_fen → amountFen. */
export function camelField(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Bookkeeping columns any record may carry (an undo records whole rows). */
const COMMON_FIELDS: Fields = {
  id: hidden,
  /** The row's version (a version per row): bookkeeping of concurrent saves, not a clerk's value. */
  version: hidden,
  importBatchId: { label: '导入批次', value: ref('importBatch') },
  createdAt: { label: '录入时间', value: instant },
  updatedAt: { label: '修改时间', value: instant },
  deletedAt: { label: '删除时间', value: instant },
  deleteReason: { label: '删除原因', value: text },
};

export function recordField(entity: string, key: string): RecordField | null {
  const k = camelField(key);
  return RECORD_FIELDS[entity]?.[k] ?? COMMON_FIELDS[k] ?? null;
}
