// 帮扶力量's enumerations: English codes in the database and in code, the words of DOMAIN.md for people.
import { labels } from '../enums';

/** 帮扶单位 (派出单位) kind: a government department or an enterprise. */
export const AssistanceUnitKind = labels([
  ['department', '部门'],
  ['enterprise', '企业'],
] as const);
export type AssistanceUnitKind = (typeof AssistanceUnitKind.values)[number];

/** The level a 帮扶单位 belongs to ("从市直部门单位派出…"). */
export const AssistanceUnitLevel = labels([
  ['province', '省'],
  ['city', '市'],
  ['county', '县'],
] as const);
export type AssistanceUnitLevel = (typeof AssistanceUnitLevel.values)[number];

export const Gender = labels([
  ['male', '男'],
  ['female', '女'],
] as const);
export type Gender = (typeof Gender.values)[number];

/** 政治面貌, as rosters write it. */
export const PoliticalStatus = labels([
  ['partyMember', '中共党员'],
  ['probationary', '中共预备党员'],
  ['league', '共青团员'],
  ['democratic', '民主党派'],
  ['masses', '群众'],
] as const);
export type PoliticalStatus = (typeof PoliticalStatus.values)[number];

/** A 驻村工作队 member's role: one 第一书记 and one 队长 at a time, any number of 队员. */
export const TeamRole = labels([
  ['firstSecretary', '第一书记'],
  ['leader', '队长'],
  ['member', '队员'],
] as const);
export type TeamRole = (typeof TeamRole.values)[number];

/** 在岗状态: in post, or left it by 轮换 (replaced) or 召回 (recalled). */
export const MemberStatus = labels([
  ['onDuty', '在岗'],
  ['rotated', '轮换'],
  ['recalled', '召回'],
] as const);
export type MemberStatus = (typeof MemberStatus.values)[number];

/** Who approves a member's leave: decided by its days (rules.ts leaveApprovalLevel), never typed. */
export const LeaveApprovalLevel = labels([
  ['township', '乡镇党委'],
  ['county', '县委组织部'],
] as const);
export type LeaveApprovalLevel = (typeof LeaveApprovalLevel.values)[number];

/** A 帮扶责任人's rank: the pairing limit is a setting per rank. */
export const CadreRank = labels([
  ['countyLeader', '县级干部'],
  ['sectionLevel', '科级干部'],
  ['staff', '一般干部'],
] as const);
export type CadreRank = (typeof CadreRank.values)[number];

/** How a 帮扶单位 stands to a project it reports as 成效. */
export const UnitProjectRole = labels([
  ['brought', '引进'],
  ['helped', '帮助实施'],
] as const);
export type UnitProjectRole = (typeof UnitProjectRole.values)[number];
