// Every field of the 帮扶力量 records once: its Chinese name and the longest text it takes. The contract's
// messages (shared/api-assistance.ts), the 审计日志 (shared/record-fields.ts) and, in the next steps, the forms,
// the import kinds (teams, attendance, pairings, visits) and the exported rosters read this table. Import header
// words and export columns join each entry when those steps come, as in shared/households/fields.ts.

interface AssistanceField {
  label: string;
  max?: number;
}

/** 帮扶单位 and its 包联 of villages. */
export const UNIT_FIELD = {
  name: { label: '帮扶单位名称', max: 60 },
  kind: { label: '单位性质' },
  level: { label: '单位层级' },
  contactPerson: { label: '联系人', max: 30 },
  phone: { label: '联系电话', max: 30 },
  remark: { label: '备注', max: 500 },
} satisfies Record<string, AssistanceField>;

export const LINK_FIELD = {
  unitId: { label: '帮扶单位' },
  villageId: { label: '包联村' },
  startDate: { label: '包联开始日期' },
  endDate: { label: '包联结束日期' },
  endReason: { label: '结束原因', max: 200 },
  remark: { label: '备注', max: 500 },
} satisfies Record<string, AssistanceField>;

/** 县级领导 ↔ the township they are responsible for. */
export const LEADER_FIELD = {
  name: { label: '县级领导姓名', max: 30 },
  post: { label: '职务', max: 60 },
  phone: { label: '联系电话', max: 30 },
  townshipId: { label: '联系乡镇' },
  startDate: { label: '联系开始日期' },
  endDate: { label: '联系结束日期' },
  endReason: { label: '结束原因', max: 200 },
  remark: { label: '备注', max: 500 },
} satisfies Record<string, AssistanceField>;

/** 驻村工作队. */
export const TEAM_FIELD = {
  villageId: { label: '驻村' },
  unitId: { label: '派出单位' },
  startDate: { label: '派驻开始日期' },
  endDate: { label: '派驻结束日期' },
  endReason: { label: '结束原因', max: 200 },
  remark: { label: '备注', max: 500 },
} satisfies Record<string, AssistanceField>;

/** A 驻村工作队 member. */
export const MEMBER_FIELD = {
  teamId: { label: '驻村工作队' },
  name: { label: '姓名', max: 30 },
  gender: { label: '性别' },
  idNumber: { label: '身份证号' },
  employer: { label: '工作单位', max: 60 },
  post: { label: '职务', max: 60 },
  politicalStatus: { label: '政治面貌' },
  phone: { label: '联系电话', max: 30 },
  role: { label: '驻村职务' },
  termStart: { label: '任期开始日期' },
  termEnd: { label: '任期结束日期' },
  status: { label: '在岗状态' },
  remark: { label: '备注', max: 500 },
} satisfies Record<string, AssistanceField>;

/** 轮换 / 召回: who left, who replaced them, when and why. */
export const ROTATION_FIELD = {
  memberId: { label: '离岗队员' },
  successorId: { label: '接替队员' },
  kind: { label: '离岗方式' },
  date: { label: '轮换日期' },
  reason: { label: '原因', max: 200 },
} satisfies Record<string, AssistanceField>;

export const ATTENDANCE_FIELD = {
  memberId: { label: '队员' },
  month: { label: '月份' },
  daysInVillage: { label: '在村天数' },
  remark: { label: '备注', max: 200 },
} satisfies Record<string, AssistanceField>;

export const LEAVE_FIELD = {
  memberId: { label: '队员' },
  startDate: { label: '请假开始日期' },
  endDate: { label: '请假结束日期' },
  days: { label: '请假天数' },
  reason: { label: '请假事由', max: 200 },
  approvalLevel: { label: '审批层级' },
  approver: { label: '审批人', max: 30 },
} satisfies Record<string, AssistanceField>;

export const SPOT_CHECK_FIELD = {
  memberId: { label: '队员' },
  date: { label: '抽查日期' },
  checkedBy: { label: '抽查人', max: 60 },
  present: { label: '抽查结果' },
  remark: { label: '备注', max: 200 },
} satisfies Record<string, AssistanceField>;

/** 帮扶责任人 of 结对帮扶. */
export const CADRE_FIELD = {
  name: { label: '帮扶责任人', max: 30 },
  employer: { label: '工作单位', max: 60 },
  post: { label: '职务', max: 60 },
  phone: { label: '联系电话', max: 30 },
  rank: { label: '干部类别' },
  remark: { label: '备注', max: 500 },
} satisfies Record<string, AssistanceField>;

export const PAIRING_FIELD = {
  cadreId: { label: '帮扶责任人' },
  householdId: { label: '结对户' },
  startDate: { label: '结对开始日期' },
  endDate: { label: '结对结束日期' },
  endReason: { label: '结束原因', max: 200 },
  remark: { label: '备注', max: 200 },
} satisfies Record<string, AssistanceField>;

/** 走访记录 (its photos are attachments of owner type visit). */
export const VISIT_FIELD = {
  date: { label: '走访日期' },
  visitor: { label: '走访人', max: 30 },
  cadreId: { label: '帮扶责任人' },
  memberId: { label: '驻村队员' },
  householdId: { label: '走访农户' },
  villageId: { label: '走访村' },
  content: { label: '帮扶内容', max: 1000 },
} satisfies Record<string, AssistanceField>;

/** 成效: projects a unit brought or helped, money it secured (争取资金), 实事. */
export const OUTCOME_FIELD = {
  unitId: { label: '帮扶单位' },
  projectId: { label: '项目' },
  role: { label: '帮扶方式' },
  date: { label: '日期' },
  amountFen: { label: '争取资金' },
  source: { label: '资金来源', max: 100 },
  villageId: { label: '受益村' },
  description: { label: '实事内容', max: 500 },
  remark: { label: '备注', max: 200 },
} satisfies Record<string, AssistanceField>;
