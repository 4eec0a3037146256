// 帮扶力量 store, 驻村工作队: the only code that reads and writes work_teams, team_members, member_rotations
// (轮换/召回), member_attendance (考勤), member_leaves (请假) and spot_checks (抽查). Row types come from the drizzle
// schema; SQL is portable (electron/platform/data-port.ts), every time is the context's clock. A spot check's
// `present` is 0/1 on both engines and a boolean here.
import { memberAttendance, memberLeaves, memberRotations, spotChecks, teamMembers, workTeams } from '../../../db/schema';
import { inListChunks, placeholders, type DataReader, type DataWriter, type SqlValue } from '../../platform/data-port';
import { fieldsOf, insertRecord, selectList, softDeleteRecord, storedRecord, updateRecord, type RecordTable } from './record-sql';

type Editable<T> = Omit<T, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'deleteReason'>;

export type TeamFields = Editable<typeof workTeams.$inferSelect>;
export type MemberFields = Editable<typeof teamMembers.$inferSelect>;
export type RotationFields = Editable<typeof memberRotations.$inferSelect>;
export type AttendanceFields = Editable<typeof memberAttendance.$inferSelect>;
export type LeaveFields = Editable<typeof memberLeaves.$inferSelect>;
export type SpotCheckFields = Editable<typeof spotChecks.$inferSelect>;

export const TEAMS: RecordTable<TeamFields> = {
  table: 'work_teams',
  softDelete: false,
  columns: { villageId: 'village_id', unitId: 'unit_id', startDate: 'start_date', endDate: 'end_date', endReason: 'end_reason', remark: 'remark' },
};
export const MEMBERS: RecordTable<MemberFields> = {
  table: 'team_members',
  softDelete: false,
  columns: {
    teamId: 'team_id',
    name: 'name',
    gender: 'gender',
    idNumber: 'id_number',
    employer: 'employer',
    post: 'post',
    politicalStatus: 'political_status',
    phone: 'phone',
    role: 'role',
    termStart: 'term_start',
    termEnd: 'term_end',
    status: 'status',
    remark: 'remark',
  },
};
export const ATTENDANCE: RecordTable<AttendanceFields> = {
  table: 'member_attendance',
  softDelete: false,
  columns: { memberId: 'member_id', month: 'month', daysInVillage: 'days_in_village', remark: 'remark' },
};
export const LEAVES: RecordTable<LeaveFields> = {
  table: 'member_leaves',
  softDelete: true,
  columns: { memberId: 'member_id', startDate: 'start_date', endDate: 'end_date', days: 'days', reason: 'reason', approvalLevel: 'approval_level', approver: 'approver' },
};
export const SPOT_CHECKS: RecordTable<SpotCheckFields> = {
  table: 'spot_checks',
  softDelete: true,
  columns: { memberId: 'member_id', date: 'date', checkedBy: 'checked_by', present: 'present', remark: 'remark' },
};

export { insertRecord, softDeleteRecord, storedRecord, updateRecord };

export const TEAM_FIELDS = fieldsOf(TEAMS);
export const MEMBER_FIELDS = fieldsOf(MEMBERS);
export const LEAVE_FIELDS = fieldsOf(LEAVES);
export const SPOT_CHECK_FIELDS = fieldsOf(SPOT_CHECKS);

/** A month's first and last day: what "as of the month" reads (a member or team counts when its period touches it). */
export interface MonthSpan {
  first: string;
  last: string;
}

// ---- 驻村工作队 ------------------------------------------------------------------------------------------

export type TeamRecord = TeamFields & { id: number; version: number; village: string; townshipId: number; township: string; unit: string };

const TEAM_SQL = `select w.id, w.version, ${selectList(TEAMS, 'w')}, v.name as village, t.id as "townshipId", t.name as township, u.name as unit
  from work_teams w join divisions v on v.id = w.village_id join divisions t on t.id = v.parent_id join assistance_units u on u.id = w.unit_id`;

export async function teamRecord(db: DataReader, id: number): Promise<TeamRecord | undefined> {
  return db.get<TeamRecord>(`${TEAM_SQL} where w.id = ?`, [id]);
}

/** Every team period of a village (one team per village at a time). */
export async function teamPeriodsOfVillage(db: DataReader, villageId: number): Promise<Array<{ id: number; unit: string; startDate: string; endDate: string | null }>> {
  return db.all(
    'select w.id, u.name as unit, w.start_date as "startDate", w.end_date as "endDate" from work_teams w join assistance_units u on u.id = w.unit_id where w.village_id = ?',
    [villageId],
  );
}

export interface TeamFilter {
  teamId?: number;
  townshipId?: number;
  villageId?: number;
  unitId?: number;
  /** Teams whose 派驻 touches this month (omitted: every team). */
  month?: MonthSpan;
}

/** A team with its 队长 and 第一书记 of the month (their term touching it) and its members counted the same way. */
export type TeamListRecord = TeamRecord & { leader: string | null; firstSecretary: string | null; members: number };

function memberOfMonth(role: string | null): string {
  const byRole = role === null ? '' : ` and m.role = '${role}'`;
  return `from team_members m where m.team_id = w.id${byRole} and m.term_start <= ? and (m.term_end is null or m.term_end >= ?)`;
}

export async function teamListRecords(db: DataReader, filter: TeamFilter, reference: MonthSpan): Promise<TeamListRecord[]> {
  const params: SqlValue[] = [reference.last, reference.first, reference.last, reference.first, reference.last, reference.first];
  const where = ['1 = 1'];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.teamId !== undefined) add('w.id = ?', filter.teamId);
  if (filter.townshipId !== undefined) add('v.parent_id = ?', filter.townshipId);
  if (filter.villageId !== undefined) add('w.village_id = ?', filter.villageId);
  if (filter.unitId !== undefined) add('w.unit_id = ?', filter.unitId);
  if (filter.month !== undefined) add('w.start_date <= ? and (w.end_date is null or w.end_date >= ?)', filter.month.last, filter.month.first);
  return db.all<TeamListRecord>(
    `select w.id, w.version, ${selectList(TEAMS, 'w')}, v.name as village, t.id as "townshipId", t.name as township, u.name as unit,
       (select m.name ${memberOfMonth('leader')} order by m.term_start desc, m.id desc limit 1) as leader,
       (select m.name ${memberOfMonth('firstSecretary')} order by m.term_start desc, m.id desc limit 1) as "firstSecretary",
       (select count(*) ${memberOfMonth(null)}) as members
     from work_teams w join divisions v on v.id = w.village_id join divisions t on t.id = v.parent_id join assistance_units u on u.id = w.unit_id
     where ${where.join(' and ')} order by t.code, v.code, w.start_date desc, w.id`,
    params,
  );
}

/** Teams whose 派驻 runs on `day`. */
export async function teamsOn(db: DataReader, day: string): Promise<number> {
  const row = await db.get<{ n: number }>('select count(*) as n from work_teams where start_date <= ? and (end_date is null or end_date >= ?)', [day, day]);
  return Number(row?.n ?? 0);
}

/** Teams running on `day` per sending unit. */
export async function teamCountsByUnit(db: DataReader, ids: readonly number[], day: string): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.all<{ unitId: number; n: number }>(
    `select unit_id as "unitId", count(*) as n from work_teams where unit_id in (${placeholders(ids.length)}) and start_date <= ? and (end_date is null or end_date >= ?) group by unit_id`,
    [...ids, day, day],
  );
  return new Map(rows.map((r) => [Number(r.unitId), Number(r.n)]));
}

/** Teams these units sent whose 派驻 touches [from, to], and the people (distinct members) serving in them then. */
export async function teamsSentBy(db: DataReader, ids: readonly number[], from: string, to: string): Promise<{ teams: number; members: number }> {
  if (ids.length === 0) return { teams: 0, members: 0 };
  const list = placeholders(ids.length);
  const row = await db.get<{ teams: number; members: number }>(
    `select (select count(*) from work_teams w where w.unit_id in (${list}) and w.start_date <= ? and (w.end_date is null or w.end_date >= ?)) as teams,
            (select count(*) from team_members m join work_teams w on w.id = m.team_id
              where w.unit_id in (${list}) and m.term_start <= ? and (m.term_end is null or m.term_end >= ?)) as members`,
    [...ids, to, from, ...ids, to, from],
  );
  return { teams: Number(row?.teams ?? 0), members: Number(row?.members ?? 0) };
}

// ---- 队员 ---------------------------------------------------------------------------------------------------

export type MemberRecord = MemberFields & { id: number; version: number };

/**
 * A spot check `s` that counts as an absence (shared/assistance/rules.ts): live, the member not found, and no
 * recorded leave of theirs covering the day (the leave explains it).
 */
const COUNTED_ABSENCE = `s.deleted_at is null and s.present = 0 and not exists (select 1 from member_leaves l
  where l.member_id = s.member_id and l.deleted_at is null and l.start_date <= s.date and l.end_date >= s.date)`;

const MEMBER_SQL = `select m.id, m.version, ${selectList(MEMBERS, 'm')} from team_members m`;

export async function memberRecord(db: DataReader, id: number): Promise<MemberRecord | undefined> {
  return db.get<MemberRecord>(`${MEMBER_SQL} where m.id = ?`, [id]);
}

/** A team's members, in role order then by term. */
export async function membersOfTeam(db: DataReader, teamId: number): Promise<MemberRecord[]> {
  return db.all<MemberRecord>(`${MEMBER_SQL} where m.team_id = ? order by ${ROLE_ORDER}, m.term_start, m.id`, [teamId]);
}

const ROLE_ORDER = "case m.role when 'firstSecretary' then 0 when 'leader' then 1 else 2 end";

/** Terms held by the person with this ID number, in any team (a person serves in one team at a time). */
export async function termsOfPerson(db: DataReader, idNumber: string): Promise<Array<{ id: number; village: string; termStart: string; termEnd: string | null; status: string }>> {
  return db.all(
    `select m.id, v.name as village, m.term_start as "termStart", m.term_end as "termEnd", m.status
       from team_members m join work_teams w on w.id = m.team_id join divisions v on v.id = w.village_id where m.id_number = ?`,
    [idNumber],
  );
}

export interface MemberFilter {
  memberId?: number;
  townshipId?: number;
  teamId?: number;
  unitId?: number;
  status?: MemberFields['status'];
  /** Members whose 任期 touches the month (omitted: every member). */
  month?: MonthSpan;
}

/** A member with the team's place and unit, the month's 考勤, and spot-check absences in the month's year. */
export type MemberListRecord = MemberRecord & {
  villageId: number;
  village: string;
  township: string;
  sentBy: string;
  daysInVillage: number | null;
  attendanceVersion: number | null;
  absences: number;
};

export async function memberListRecords(db: DataReader, filter: MemberFilter, month: string): Promise<MemberListRecord[]> {
  const params: SqlValue[] = [`${month.slice(0, 4)}-%`, month];
  const where = ['1 = 1'];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.memberId !== undefined) add('m.id = ?', filter.memberId);
  if (filter.townshipId !== undefined) add('v.parent_id = ?', filter.townshipId);
  if (filter.teamId !== undefined) add('m.team_id = ?', filter.teamId);
  if (filter.unitId !== undefined) add('w.unit_id = ?', filter.unitId);
  if (filter.status !== undefined) add('m.status = ?', filter.status);
  if (filter.month !== undefined) add('m.term_start <= ? and (m.term_end is null or m.term_end >= ?)', filter.month.last, filter.month.first);
  return db.all<MemberListRecord>(
    `select m.id, m.version, ${selectList(MEMBERS, 'm')}, w.village_id as "villageId", v.name as village, t.name as township, u.name as "sentBy",
       a.days_in_village as "daysInVillage", a.version as "attendanceVersion",
       (select count(*) from spot_checks s where s.member_id = m.id and ${COUNTED_ABSENCE} and s.date like ?) as absences
     from team_members m join work_teams w on w.id = m.team_id join divisions v on v.id = w.village_id join divisions t on t.id = v.parent_id
       join assistance_units u on u.id = w.unit_id
       left join member_attendance a on a.member_id = m.id and a.month = ?
     where ${where.join(' and ')} order by t.code, v.code, ${ROLE_ORDER}, m.term_start, m.id`,
    params,
  );
}

/** Members in post on `day`: 在岗 and their term begun. */
export async function membersOnDuty(db: DataReader, day: string): Promise<number> {
  const row = await db.get<{ n: number }>("select count(*) as n from team_members where status = 'onDuty' and term_start <= ?", [day]);
  return Number(row?.n ?? 0);
}

/** Members still 在岗 after their term's last day (任期已满: to be rotated or extended). */
export async function termsExpiredOn(db: DataReader, day: string): Promise<number> {
  const row = await db.get<{ n: number }>("select count(*) as n from team_members where status = 'onDuty' and term_end is not null and term_end < ?", [day]);
  return Number(row?.n ?? 0);
}

// ---- 轮换 ---------------------------------------------------------------------------------------------------

export type RotationRecord = RotationFields & { id: number; member: string; successor: string | null };

const ROTATION_SQL = `select r.id, r.team_id as "teamId", r.member_id as "memberId", r.successor_id as "successorId", r.kind, r.date, r.reason,
    m.name as member, s.name as successor
  from member_rotations r join team_members m on m.id = r.member_id left join team_members s on s.id = r.successor_id`;

export async function rotationsOfTeam(db: DataReader, teamId: number): Promise<RotationRecord[]> {
  return db.all<RotationRecord>(`${ROTATION_SQL} where r.team_id = ? order by r.date, r.id`, [teamId]);
}

export async function rotationsOfMember(db: DataReader, memberId: number): Promise<RotationRecord[]> {
  return db.all<RotationRecord>(`${ROTATION_SQL} where r.member_id = ? or r.successor_id = ? order by r.date, r.id`, [memberId, memberId]);
}

export async function insertRotation(tx: DataWriter, f: RotationFields, now: string): Promise<number> {
  const row = await tx.get<{ id: number }>(
    'insert into member_rotations (team_id, member_id, successor_id, kind, date, reason, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id',
    [f.teamId, f.memberId, f.successorId, f.kind, f.date, f.reason, now, now],
  );
  if (!row) throw new Error('insert into member_rotations returned no id');
  return Number(row.id);
}

// ---- 考勤 ---------------------------------------------------------------------------------------------------

export type AttendanceRecord = AttendanceFields & { id: number; version: number };

export async function attendanceOf(db: DataReader, memberId: number, month: string): Promise<AttendanceRecord | undefined> {
  return db.get<AttendanceRecord>(`select r.id, r.version, ${selectList(ATTENDANCE, 'r')} from member_attendance r where r.member_id = ? and r.month = ?`, [memberId, month]);
}

export async function attendanceOfMember(db: DataReader, memberId: number): Promise<AttendanceRecord[]> {
  return db.all<AttendanceRecord>(`select r.id, r.version, ${selectList(ATTENDANCE, 'r')} from member_attendance r where r.member_id = ? order by r.month`, [memberId]);
}

// ---- 请假 and 抽查 -------------------------------------------------------------------------------------------

export type LeaveRecord = LeaveFields & { id: number; version: number; member: string };

const LEAVE_SQL = `select r.id, r.version, ${selectList(LEAVES, 'r')}, m.name as member from member_leaves r join team_members m on m.id = r.member_id`;

export async function leaveRecords(db: DataReader, memberId: number): Promise<LeaveRecord[]> {
  return db.all<LeaveRecord>(`${LEAVE_SQL} where r.member_id = ? and r.deleted_at is null order by r.start_date, r.id`, [memberId]);
}

export async function leaveRecord(db: DataReader, id: number): Promise<LeaveRecord | undefined> {
  return db.get<LeaveRecord>(`${LEAVE_SQL} where r.id = ? and r.deleted_at is null`, [id]);
}

type StoredSpotCheck = Omit<SpotCheckFields, 'present'> & { id: number; version: number; member: string; village: string; township: string; present: number | boolean };
export type SpotCheckRecord = SpotCheckFields & { id: number; version: number; member: string; village: string; township: string };

const SPOT_CHECK_SQL = `select r.id, r.version, ${selectList(SPOT_CHECKS, 'r')}, m.name as member, v.name as village, t.name as township
  from spot_checks r join team_members m on m.id = r.member_id join work_teams w on w.id = m.team_id
    join divisions v on v.id = w.village_id join divisions t on t.id = v.parent_id`;

const spotCheck = (r: StoredSpotCheck): SpotCheckRecord => ({ ...r, present: Boolean(Number(r.present)) });

export interface SpotCheckFilter {
  memberId?: number;
  townshipId?: number;
  /** ISO days, both included. */
  from?: string;
  to?: string;
  absentOnly?: boolean;
}

export async function spotCheckRecords(db: DataReader, filter: SpotCheckFilter): Promise<SpotCheckRecord[]> {
  const params: SqlValue[] = [];
  const where = ['r.deleted_at is null'];
  const add = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.memberId !== undefined) add('r.member_id = ?', filter.memberId);
  if (filter.townshipId !== undefined) add('v.parent_id = ?', filter.townshipId);
  if (filter.from !== undefined) add('r.date >= ?', filter.from);
  if (filter.to !== undefined) add('r.date <= ?', filter.to);
  if (filter.absentOnly) where.push('r.present = 0');
  return (await db.all<StoredSpotCheck>(`${SPOT_CHECK_SQL} where ${where.join(' and ')} order by r.date desc, r.id desc`, params)).map(spotCheck);
}

export async function spotCheckRecord(db: DataReader, id: number): Promise<SpotCheckRecord | undefined> {
  const row = await db.get<StoredSpotCheck>(`${SPOT_CHECK_SQL} where r.id = ? and r.deleted_at is null`, [id]);
  return row && spotCheck(row);
}

/** Spot checks between two days (both included) that found the member absent. */
export async function absencesBetween(db: DataReader, from: string, to: string): Promise<number> {
  const row = await db.get<{ n: number }>(`select count(*) as n from spot_checks s where ${COUNTED_ABSENCE} and s.date >= ? and s.date <= ?`, [from, to]);
  return Number(row?.n ?? 0);
}

/** Teams (ended ones too) in any of these villages: the village's deletion and 撤销导入 must not orphan them. */
export async function teamsInVillages(db: DataReader, villageIds: readonly number[]): Promise<number> {
  let n = 0;
  for (const chunk of inListChunks(villageIds)) n += Number((await db.get<{ n: number }>(`select count(*) as n from work_teams where village_id in (${placeholders(chunk.length)})`, chunk))?.n ?? 0);
  return n;
}
