// 督导检查's store (electron/ledger/supervision/*-store.ts) gives the same answers on both engines: its SQL
// (portable, `?` placeholders) runs unchanged on a migrated PostgreSQL database, counts come back as numbers
// and NULLs sort as SQLite sorts them.
import { afterAll, describe, expect, it } from 'vitest';
import * as evidence from '../../electron/ledger/supervision/evidence-store';
import * as findings from '../../electron/ledger/supervision/findings-store';
import * as views from '../../electron/ledger/supervision/findings-views-store';
import * as inspections from '../../electron/ledger/supervision/inspections-store';
import { PORT_ENGINES, type PortLedger } from '../helpers/port-engines';

const NOW = '2026-12-07T02:00:00.000Z';
const TODAY = '2026-11-01';

const TOUR: inspections.InspectionColumns = {
  name: '县委第三轮巡察反馈问题（2026年）', source: 'inspectionTour', sourceDocNumber: '青巡反馈〔2026〕3号', team: '县委第一巡察组', leader: '王强',
  startDate: '2026-06-01', endDate: '2026-06-30', targets: null, remark: null,
};
const SELF: inspections.InspectionColumns = { ...TOUR, name: '自查（未定日期）', source: 'selfCheck', sourceDocNumber: null, startDate: null, endDate: null };

const finding = (inspectionId: number, seq: number | null, over: Partial<findings.FindingInsert> = {}): findings.FindingInsert => ({
  inspectionId, seq, category: 'projectFunds', description: `问题${seq ?? '无序号'}：资金拨付滞后`, townshipId: null, villageId: null, projectId: null,
  assetId: null, leadUnit: '县乡村振兴局', responsibleUnit: '县财政局', responsibleLeader: null, responsiblePerson: '李明', goal: null,
  measures: '加快拨付进度', deadlineText: '2026年10月31日前', deadlineDate: '2026-10-31', ...over,
});

/** Groups in a fixed order: GROUP BY promises none, and the services add them up into maps. */
const inOrder = (groups: views.StatusGroup[]) => groups.map((g) => JSON.stringify(g)).sort();

/** Everything the store answers about a small ledger written through it. */
async function answers(l: PortLedger): Promise<Record<string, unknown>> {
  const ids = await l.port.transaction(async (tx) => {
    const town = await tx.get<{ id: number }>(
      "insert into divisions (code, name, level, parent_id, sort_order, created_at, updated_at) values ('520101001000', '桦树镇', 'township', null, 1, ?, ?) returning id",
      [NOW, NOW],
    );
    const townshipId = Number(town?.id);
    const tour = await inspections.insertInspection(tx, { ...TOUR, targets: JSON.stringify({ townshipIds: [townshipId], departments: [] }) }, NOW);
    const self = await inspections.insertInspection(tx, SELF, NOW);
    const late = await findings.insertFinding(tx, finding(tour, 1, { townshipId }), NOW);
    const ongoing = await findings.insertFinding(tx, finding(tour, 2, { deadlineText: '长期坚持', deadlineDate: null, status: 'ongoing', description: '长效机制 100%落实' }), NOW);
    const loose = await findings.insertFinding(tx, finding(self, null, { deadlineText: '立行立改', deadlineDate: '2026-11-05', importBatchId: null }), NOW);
    await findings.updateFinding(tx, late, { status: 'inProgress', progressText: '已拨付一半' }, NOW);
    const step = await findings.insertFindingUpdate(tx, { findingId: late, date: '2026-07-02', fromStatus: 'notStarted', toStatus: 'inProgress', note: '制定方案', operator: '张敏' }, NOW);
    const photo = await evidence.insertAttachment(tx, { ownerType: 'findingUpdate', ownerId: step, originalName: '现场.jpg', sha256: 'a'.repeat(64), sizeBytes: 2_147_483_000, mimeType: 'image/jpeg' }, NOW);
    const scan = await evidence.insertAttachment(tx, { ownerType: 'finding', ownerId: late, originalName: '台账.pdf', sha256: 'b'.repeat(64), sizeBytes: 1024, mimeType: 'application/pdf' }, NOW);
    await evidence.softDeleteAttachment(tx, scan, '重复上传', NOW);
    await inspections.updateInspection(tx, self, { ...SELF, remark: '年底前补日期' }, NOW);
    return { townshipId, tour, self, late, ongoing, loose, step, photo };
  });
  const { port } = l;
  const filters: views.FindingFilter[] = [
    {}, { inspectionId: ids.tour }, { townshipId: ids.townshipId }, { noTownship: true }, { status: ['ongoing', 'inProgress'] }, { category: ['projectFunds'] },
    { overdueOnly: true }, { dueBy: '2026-11-07' }, { year: 2026 }, { keywordPatterns: ['%桦树%'] }, { keywordPatterns: ['%100\\%%'] }, { importBatchId: 1 },
  ];
  const lists = [];
  for (const filter of filters) {
    lists.push({ filter, rows: (await views.findingRows(port, filter, TODAY, { sortBy: 'default', dir: 'desc' }, { offset: 0, limit: 10 })).map((r) => r.id), groups: inOrder(await views.findingGroups(port, filter, TODAY)) });
  }
  const sorts: views.FindingSort[] = ['default', 'deadline', 'township', 'status', 'category', 'updatedAt'];
  const sorted = [];
  for (const sortBy of sorts) for (const dir of ['asc', 'desc'] as const) sorted.push((await views.findingRows(port, {}, TODAY, { sortBy, dir })).map((r) => r.id));
  const inspectionFilters: inspections.InspectionFilter[] = [{ keywordPatterns: [] }, { year: 2026, keywordPatterns: [] }, { source: 'selfCheck', keywordPatterns: [] }, { keywordPatterns: ['%巡察%'] }];
  const inspectionLists = [];
  for (const filter of inspectionFilters) inspectionLists.push({ count: await inspections.countInspections(port, filter), rows: (await inspections.listInspectionRecords(port, filter, 0, 10)).map((r) => r.id) });
  const answered = {
    inspection: await inspections.inspectionRecord(port, ids.self),
    byName: (await inspections.inspectionByName(port, TOUR.name))?.id,
    nameTaken: [await inspections.inspectionNameTaken(port, TOUR.name, ids.self), await inspections.inspectionNameTaken(port, TOUR.name, ids.tour)],
    inspectionLists,
    townships: await inspections.townshipNames(port, [ids.townshipId, ids.townshipId + 99]),
    finding: await findings.findingRecord(port, ids.late),
    findingAny: [await findings.findingRecordAny(port, ids.late), await findings.findingRecordAny(port, ids.late + 999)],
    names: await findings.findingNames(port, ids.late),
    nextSeq: [await findings.nextSeq(port, ids.tour), await findings.nextSeq(port, ids.self)],
    seqHolder: await findings.seqHolder(port, ids.tour, 2, ids.late),
    keys: await findings.findingKeysOf(port, [ids.tour, ids.self]),
    liveCount: await findings.liveFindingCount(port, ids.tour),
    deadlinesBefore: await findings.deadlinesBefore(port, ids.tour, '2026-12-01'),
    firstStep: await findings.firstStepDate(port, ids.tour),
    worded: await findings.wordedDeadlines(port, ids.self),
    lastStep: await findings.lastStepDate(port, ids.late),
    steps: await findings.findingSteps(port, ids.late),
    lists,
    sorted,
    bySeq: (await views.findingRows(port, { inspectionId: ids.tour }, TODAY, 'seq')).map((r) => r.seq),
    byTownship: inOrder(await views.findingGroups(port, {}, TODAY, 'f.township_id')),
    byCategory: inOrder(await views.findingGroups(port, {}, TODAY, 'f.category')),
    perInspection: inOrder(await views.inspectionGroups(port, [ids.tour, ids.self], TODAY)),
    dashboard: await views.dashboardCounts(port, TODAY, '2026-11-07'),
    matrixTownships: await views.matrixTownships(port),
    list: { count: await views.countFindingList(port, undefined), rows: await views.findingListRecords(port, undefined, 0, 10) },
    extras: await views.findingExtras(port, [ids.late, ids.loose]),
    scopedTour: await views.scopedFindingRecords(port, { kind: 'inspection', inspectionId: ids.tour }),
    scopedPeriod: (await views.scopedFindingRecords(port, { kind: 'period', start: '2026-01-01', end: '2026-12-31' })).map((r) => r.id),
    figures: await views.inspectionFigures(port),
    inspectionNames: [await inspections.inspectionName(port, ids.tour), await inspections.inspectionName(port, ids.self + 99)],
    startedBetween: [await inspections.countInspectionsStartingBetween(port, '2026-06-01', '2026-06-30'), await inspections.countInspectionsStartingBetween(port, '2026-07-01', '2026-12-31')],
    attachment: await evidence.attachmentRecord(port, ids.photo),
    ofStep: await evidence.attachmentsOf(port, 'findingUpdate', ids.step),
    ofFinding: await evidence.evidenceOfFinding(port, ids.late),
    evidenceCount: await evidence.liveEvidenceCount(port, ids.late),
    evidenceFinding: await evidence.evidenceFinding(port, 'findingUpdate', ids.step),
    ownerLive: [await evidence.ownerIsLive(port, 'inspection', ids.tour), await evidence.ownerIsLive(port, 'project', 999)],
  };
  // The demo county's bulk insert of steps, after every other answer (it adds steps to the loose finding).
  const written = await port.transaction((tx) =>
    findings.insertFindingUpdates(
      tx,
      [
        { findingId: ids.loose, date: '2026-11-02', fromStatus: null, toStatus: 'notStarted', note: '交办', operator: '王建国' },
        { findingId: ids.loose, date: '2026-11-03', fromStatus: 'notStarted', toStatus: 'inProgress', note: null, operator: '李明' },
      ],
      NOW,
    ),
  );
  return { ...answered, bulkSteps: { written, steps: await findings.findingSteps(port, ids.loose), last: await findings.lastStepDate(port, ids.loose) } };
}

describe('督导检查 store on both engines', () => {
  const opened: PortLedger[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((l) => l.close()));
  });

  it('answers the same on better-sqlite3 and on PostgreSQL', async () => {
    const results: Array<Record<string, unknown>> = [];
    for (const engine of PORT_ENGINES) {
      const l = await engine.open();
      opened.push(l);
      results.push(await answers(l));
    }
    const [fromSqlite, fromPostgres] = results as [Record<string, unknown>, Record<string, unknown>];
    expect(fromPostgres).toEqual(fromSqlite);
    // And the answers are the ledger's, not two equal mistakes.
    const lists = fromSqlite.lists as Array<{ rows: number[] }>;
    expect(lists.map((list) => list.rows.length)).toEqual([3, 2, 1, 2, 2, 3, 1, 1, 2, 1, 1, 0]);
    expect(fromSqlite.dashboard).toEqual({ total: 3, open: 3, ongoing: 1, awaitingClose: 0, closed: 0, overdue: 1, dueSoon: 1 });
    expect(fromSqlite.nextSeq).toEqual([3, 1]);
    expect(fromSqlite.evidenceCount).toBe(1);
    expect(fromSqlite.attachment).toMatchObject({ sizeBytes: 2_147_483_000, originalName: '现场.jpg' });
    expect(fromSqlite.names).toMatchObject({ inspection: TOUR.name, township: '桦树镇', inspectionStart: '2026-06-01' });
    expect(fromSqlite.inspection).toMatchObject({ name: SELF.name, remark: '年底前补日期', startDate: null, createdAt: NOW });
    expect(fromSqlite.ownerLive).toEqual([true, false]);
    expect(fromSqlite.bulkSteps).toMatchObject({
      written: 2,
      steps: [
        { date: '2026-11-02', fromStatus: null, toStatus: 'notStarted', note: '交办', operator: '王建国', reason: null },
        { date: '2026-11-03', fromStatus: 'notStarted', toStatus: 'inProgress', note: null, operator: '李明', reason: null },
      ],
      last: '2026-11-03',
    });
    // A bulletin's findings: the township's first, then the rest by 序号; the undated inspection is in no period.
    expect((fromSqlite.scopedTour as views.ScopedFindingRecord[]).map((r) => [r.township, r.townshipOrder, r.status])).toEqual([
      ['桦树镇', 1, 'inProgress'],
      [null, 1_000_000, 'ongoing'],
    ]);
    expect(fromSqlite.scopedPeriod).toEqual((fromSqlite.scopedTour as views.ScopedFindingRecord[]).map((r) => r.id));
    expect(fromSqlite.startedBetween).toEqual([1, 0]);
    // 首页 counts 长期坚持 with neither open nor done.
    expect(fromSqlite.figures).toEqual({ inspections: 2, findings: 3, openFindings: 2 });
    expect(fromSqlite.inspectionNames).toEqual([TOUR.name, undefined]);
    expect(fromSqlite.findingAny).toEqual([fromSqlite.finding, undefined]);
    expect(fromSqlite.finding).toMatchObject({ status: 'inProgress', progressText: '已拨付一半', seq: 1 });
  });
});
