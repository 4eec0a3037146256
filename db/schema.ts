// The whole ledger's schema. Money columns are integer fen (分); dates are ISO text ('2024-03' or
// '2024-03-05'); timestamps are ISO instants. Records that carry money or findings are soft-deleted
// (deleted_at + delete_reason) so the audit trail and totals of past reports stay explainable.
import { sql } from 'drizzle-orm';
import { blob, check, index, integer, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
};

const softDelete = {
  deletedAt: text('deleted_at'),
  deleteReason: text('delete_reason'),
};

/**
 * The row's version, bumped by every update: a form's save names the version it loaded and is refused when
 * another clerk saved the row since (electron/platform/row-version.ts).
 */
const rowVersion = {
  version: integer('version').notNull().default(1),
};

/** Rows created by an import carry its batch so the batch can be undone. */
const importedBy = {
  importBatchId: integer('import_batch_id').references(() => importBatches.id),
};

/** 行政区划: one county, its townships (乡镇) and villages (行政村). */
export const divisions = sqliteTable(
  'divisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code').notNull(),
    name: text('name').notNull(),
    level: text('level', { enum: ['county', 'township', 'village'] }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => divisions.id),
    /** 贫困村 / 脱贫村 flag and its 出列年份. */
    isPovertyVillage: integer('is_poverty_village', { mode: 'boolean' }).notNull().default(false),
    exitYear: integer('exit_year'),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('divisions_code_unique').on(t.code),
    index('divisions_parent_idx').on(t.parentId),
    check('divisions_code_shape', sql`length(${t.code}) = 12 and ${t.code} not glob '*[^0-9]*'`),
  ],
);

/** 单位: county departments, township governments, assisting units, enterprises. */
export const units = sqliteTable(
  'units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['department', 'townshipGov', 'assisting', 'enterprise'] }).notNull(),
    divisionId: integer('division_id').references(() => divisions.id),
    contactPerson: text('contact_person'),
    phone: text('phone'),
    remark: text('remark'),
    ...softDelete,
    ...timestamps,
  },
  (t) => [index('units_kind_idx').on(t.kind)],
);

/** 项目类型 → 子类型: a two-level dictionary the office edits. */
export const projectTypes = sqliteTable(
  'project_types',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    parentId: integer('parent_id').references((): AnySQLiteColumn => projectTypes.id),
    name: text('name').notNull(),
    aliases: text('aliases'),
    sortOrder: integer('sort_order').notNull().default(0),
    ...timestamps,
  },
  (t) => [uniqueIndex('project_types_parent_name_unique').on(t.parentId, t.name)],
);

/** 项目库 / 项目实施台账. Funds are split by source level; 总投资 is their sum. */
export const projects = sqliteTable(
  'projects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    year: integer('year').notNull(),
    /** 项目编号, generated per year and county, editable. */
    code: text('code'),
    name: text('name').notNull(),
    categoryId: integer('category_id').references(() => projectTypes.id),
    subcategoryId: integer('subcategory_id').references(() => projectTypes.id),
    /** 建设性质: 新建/续建/改建/扩建/购置 (configurable words). */
    constructionNature: text('construction_nature'),
    townshipId: integer('township_id').references(() => divisions.id),
    villageId: integer('village_id').references(() => divisions.id),
    /** 实施地点 as written when it is more than a village (e.g. several villages). */
    location: text('location'),
    /** 建设内容及规模 (建设任务). */
    content: text('content'),
    plannedStart: text('planned_start'),
    plannedEnd: text('planned_end'),
    actualStart: text('actual_start'),
    actualEnd: text('actual_end'),
    departmentId: integer('department_id').references(() => units.id),
    implementerId: integer('implementer_id').references(() => units.id),
    responsiblePerson: text('responsible_person'),
    fundCentralFen: integer('fund_central_fen').notNull().default(0),
    fundProvincialFen: integer('fund_provincial_fen').notNull().default(0),
    fundMunicipalFen: integer('fund_municipal_fen').notNull().default(0),
    fundCountyFen: integer('fund_county_fen').notNull().default(0),
    fundOtherFen: integer('fund_other_fen').notNull().default(0),
    /** What 其他 consists of: 整合资金、东西部协作、定点帮扶、社会捐赠、群众自筹. */
    fundOtherNote: text('fund_other_note'),
    /** 筹资方式. */
    financingMethod: text('financing_method'),
    beneficiaryVillages: integer('beneficiary_villages'),
    beneficiaryHouseholds: integer('beneficiary_households'),
    beneficiaryPeople: integer('beneficiary_people'),
    povertyHouseholds: integer('poverty_households'),
    povertyPeople: integer('poverty_people'),
    monitoredHouseholds: integer('monitored_households'),
    monitoredPeople: integer('monitored_people'),
    performanceTarget: text('performance_target'),
    /** 联农带农方式 (利益联结机制): JSON array of the words in FARMER_LINKAGES. */
    farmerLinkage: text('farmer_linkage'),
    farmerLinkageNote: text('farmer_linkage_note'),
    /** 公示 before 入库 (shared/projects/fields.ts): its days (ISO), place, 监督电话 and result. */
    publicityStart: text('publicity_start'),
    publicityEnd: text('publicity_end'),
    supervisionPhone: text('supervision_phone'),
    publicityPlace: text('publicity_place'),
    publicityResult: text('publicity_result', { enum: ['noObjection', 'objectionResolved', 'objectionPending'] }),
    status: text('status', {
      enum: ['planning', 'publicized', 'banked', 'approved', 'funded', 'tendering', 'started', 'completed', 'accepted', 'reimbursed', 'handedOver', 'maintained'],
    })
      .notNull()
      .default('planning'),
    remark: text('remark'),
    /**
     * Pinyin initials of name, township and village (lowercase, space-separated) for searching "xsj" →
     * 小水窖. Maintained by electron/ledger/projects/store.ts on every write; rows written by raw SQL (demo,
     * older files) have null and are filled in a batch before the next keyword search.
     */
    searchInitials: text('search_initials'),
    ...importedBy,
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [
    index('projects_year_township_idx').on(t.year, t.townshipId),
    /**
     * Live projects of a year in id order: the 支出进度 pass joins payments and splits from here and groups
     * by project without a temporary B-tree.
     */
    index('projects_live_year_idx').on(t.year).where(sql`${t.deletedAt} is null`),
    /** Tiny partial index: finds rows whose search initials still have to be computed without a scan. */
    index('projects_initials_missing_idx').on(t.id).where(sql`${t.searchInitials} is null`),
    index('projects_village_idx').on(t.villageId),
    index('projects_category_idx').on(t.categoryId),
    index('projects_department_idx').on(t.departmentId),
    index('projects_code_idx').on(t.code),
    check(
      'projects_funds_nonnegative',
      sql`${t.fundCentralFen} >= 0 and ${t.fundProvincialFen} >= 0 and ${t.fundMunicipalFen} >= 0 and ${t.fundCountyFen} >= 0 and ${t.fundOtherFen} >= 0`,
    ),
  ],
);

/** 资金下达: an allocation document (文号) at one source level. */
export const allocations = sqliteTable(
  'allocations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** 文号 normalised to 〔〕, e.g. 青财农字〔2023〕505号. */
    docNumber: text('doc_number').notNull(),
    level: text('level', { enum: ['central', 'provincial', 'municipal', 'county', 'other'] }).notNull(),
    fundName: text('fund_name'),
    date: text('date').notNull(),
    year: integer('year').notNull(),
    amountFen: integer('amount_fen').notNull(),
    /** 下达对象. */
    recipient: text('recipient'),
    remark: text('remark'),
    ...importedBy,
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [
    index('allocations_year_level_idx').on(t.year, t.level),
    index('allocations_doc_idx').on(t.docNumber),
    check('allocations_amount_nonnegative', sql`${t.amountFen} >= 0`),
  ],
);

/** How an allocation is split across the projects it funds. */
export const allocationSplits = sqliteTable(
  'allocation_splits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    allocationId: integer('allocation_id')
      .notNull()
      .references(() => allocations.id),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    amountFen: integer('amount_fen').notNull(),
    ...importedBy,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('allocation_splits_pair_unique').on(t.allocationId, t.projectId),
    /** Covering: a project's splits with their amounts without touching the table (progress, flags, totals). */
    index('allocation_splits_project_idx').on(t.projectId, t.allocationId, t.amountFen),
    check('allocation_splits_amount_nonnegative', sql`${t.amountFen} >= 0`),
  ],
);

/** 拨付/支付: money paid out on a project. */
export const payments = sqliteTable(
  'payments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    allocationId: integer('allocation_id').references(() => allocations.id),
    date: text('date').notNull(),
    amountFen: integer('amount_fen').notNull(),
    /** 收款单位. */
    payee: text('payee'),
    /** 凭证号. */
    voucher: text('voucher'),
    paymentType: text('payment_type', { enum: ['advance', 'progress', 'settlement', 'retention'] }),
    remark: text('remark'),
    ...importedBy,
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [
    /**
     * Covering for the hot aggregates (paid per project, paid up to a cut-off, grouped by allocation): they
     * read this index only, never the 1 000 000-row table, and group by (project, allocation) in index order.
     */
    index('payments_project_cover_idx').on(t.projectId, t.allocationId, t.date, t.amountFen, t.deletedAt),
    index('payments_date_idx').on(t.date),
    /** Covering: what was paid against an allocation (allocation lists, deleting an allocation). */
    index('payments_allocation_idx').on(t.allocationId, t.deletedAt, t.amountFen),
    check('payments_amount_nonnegative', sql`${t.amountFen} >= 0`),
  ],
);

/** 扶贫项目资产: assets formed by projects. */
export const assets = sqliteTable(
  'assets',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    code: text('code'),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['operating', 'publicWelfare', 'household'] }).notNull(),
    projectId: integer('project_id').references(() => projects.id),
    originalValueFen: integer('original_value_fen').notNull().default(0),
    formedDate: text('formed_date'),
    townshipId: integer('township_id').references(() => divisions.id),
    villageId: integer('village_id').references(() => divisions.id),
    owner: text('owner'),
    rightsLevel: text('rights_level', { enum: ['county', 'township', 'village', 'household'] }),
    handoverDate: text('handover_date'),
    /** 经营/管护主体. */
    manager: text('manager'),
    operationMode: text('operation_mode', { enum: ['selfRun', 'lease', 'equity', 'trust'] }),
    contractStart: text('contract_start'),
    contractEnd: text('contract_end'),
    status: text('status', { enum: ['normal', 'idle', 'inefficient', 'damaged', 'disposed'] })
      .notNull()
      .default('normal'),
    remark: text('remark'),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('assets_project_idx').on(t.projectId), index('assets_township_idx').on(t.townshipId)],
);

/** 资产收益: yearly income of an asset. */
export const assetIncomes = sqliteTable(
  'asset_incomes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    assetId: integer('asset_id')
      .notNull()
      .references(() => assets.id),
    year: integer('year').notNull(),
    incomeFen: integer('income_fen').notNull(),
    /** How the income was distributed (分配情况). */
    distribution: text('distribution'),
    remark: text('remark'),
    ...timestamps,
  },
  (t) => [uniqueIndex('asset_incomes_asset_year_unique').on(t.assetId, t.year)],
);

/** 督导检查: an inspection that produces findings. */
export const inspections = sqliteTable(
  'inspections',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    source: text('source', {
      enum: ['supervision', 'special', 'unannounced', 'inspectionTour', 'audit', 'assessment', 'petition', 'hotline12317', 'selfCheck'],
    }).notNull(),
    sourceDocNumber: text('source_doc_number'),
    team: text('team'),
    leader: text('leader'),
    startDate: text('start_date'),
    endDate: text('end_date'),
    /** 对象: JSON {townshipIds:number[], departments:string[]}. */
    targets: text('targets'),
    remark: text('remark'),
    ...importedBy,
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('inspections_start_idx').on(t.startDate)],
);

/** 问题: a finding of an inspection and its rectification (整改). Overdue is computed, never stored. */
export const findings = sqliteTable(
  'findings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id),
    seq: integer('seq'),
    category: text('category', {
      enum: ['responsibility', 'policy', 'work', 'identification', 'assistance', 'exit', 'education', 'medical', 'housing', 'water', 'projectFunds', 'projectAssets', 'workStyle', 'monitoring', 'records'],
    }).notNull(),
    description: text('description').notNull(),
    townshipId: integer('township_id').references(() => divisions.id),
    villageId: integer('village_id').references(() => divisions.id),
    projectId: integer('project_id').references(() => projects.id),
    assetId: integer('asset_id').references(() => assets.id),
    leadUnit: text('lead_unit'),
    responsibleUnit: text('responsible_unit'),
    responsibleLeader: text('responsible_leader'),
    responsiblePerson: text('responsible_person'),
    goal: text('goal'),
    measures: text('measures'),
    /** 整改时限 as written ("2024年底前", "立行立改") and the date it means (null for 长期坚持). */
    deadlineText: text('deadline_text'),
    deadlineDate: text('deadline_date'),
    progressText: text('progress_text'),
    status: text('status', { enum: ['notStarted', 'inProgress', 'awaitingClose', 'closed', 'ongoing'] })
      .notNull()
      .default('notStarted'),
    /** Who recorded the completion; the 销号 reviewer must be someone else. */
    completedBy: text('completed_by'),
    completedDate: text('completed_date'),
    closedDate: text('closed_date'),
    closedReviewer: text('closed_reviewer'),
    ...importedBy,
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [
    index('findings_inspection_idx').on(t.inspectionId),
    index('findings_township_status_idx').on(t.townshipId, t.status),
    index('findings_deadline_idx').on(t.deadlineDate),
  ],
);

/** 整改进展: each dated step of a finding's workflow. */
export const findingUpdates = sqliteTable(
  'finding_updates',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    findingId: integer('finding_id')
      .notNull()
      .references(() => findings.id),
    date: text('date').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
    operator: text('operator').notNull(),
    ...timestamps,
  },
  (t) => [index('finding_updates_finding_idx').on(t.findingId)],
);

/** 佐证材料 and other files, stored in the data folder under their content hash. */
export const attachments = sqliteTable(
  'attachments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    ownerType: text('owner_type', { enum: ['finding', 'findingUpdate', 'project', 'asset', 'inspection', 'visit'] }).notNull(),
    ownerId: integer('owner_id').notNull(),
    /** The name the user's file had; shown, never used as a path. */
    originalName: text('original_name').notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    mimeType: text('mime_type').notNull(),
    ...softDelete,
    ...timestamps,
  },
  (t) => [index('attachments_owner_idx').on(t.ownerType, t.ownerId), index('attachments_hash_idx').on(t.sha256)],
);

/** 受益户: beneficiary households. ID numbers are personal data (masked on screen and in exports). */
export const households = sqliteTable(
  'households',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    headName: text('head_name').notNull(),
    idNumber: text('id_number').notNull(),
    members: integer('members'),
    householdType: text('household_type', { enum: ['lifted', 'unstable', 'marginal', 'sudden'] }),
    townshipId: integer('township_id').references(() => divisions.id),
    villageId: integer('village_id').references(() => divisions.id),
    remark: text('remark'),
    ...importedBy,
    ...softDelete,
    ...timestamps,
  },
  (t) => [uniqueIndex('households_id_number_unique').on(t.idNumber), index('households_village_idx').on(t.villageId)],
);

/** 简报 series (e.g. 脱贫攻坚督导简报) with its masthead and default recipients. */
export const bulletinSeries = sqliteTable('bulletin_series', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  issuer: text('issuer').notNull(),
  /** JSON {report:string[], send:string[], distribute:string[]} for 报/送/发. */
  recipients: text('recipients'),
  copies: integer('copies'),
  classification: text('classification'),
  ...timestamps,
});

/** 督导简报 / 通报: drafts and issued (frozen) bulletins. */
export const bulletins = sqliteTable(
  'bulletins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    seriesId: integer('series_id')
      .notNull()
      .references(() => bulletinSeries.id),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    isSupplement: integer('is_supplement', { mode: 'boolean' }).notNull().default(false),
    title: text('title').notNull(),
    issueDate: text('issue_date'),
    status: text('status', { enum: ['draft', 'issued'] })
      .notNull()
      .default('draft'),
    inspectionId: integer('inspection_id').references(() => inspections.id),
    periodStart: text('period_start'),
    periodEnd: text('period_end'),
    /** The editable document (JSON). */
    content: text('content').notNull(),
    /** Frozen text and tables at 签发 (JSON). */
    snapshot: text('snapshot'),
    pdfSha256: text('pdf_sha256'),
    issuedBy: text('issued_by'),
    issuedAt: text('issued_at'),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [uniqueIndex('bulletins_number_unique').on(t.seriesId, t.year, t.isSupplement, t.number)],
);

/** 导入记录: one row per imported file. */
export const importBatches = sqliteTable(
  'import_batches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['projects', 'allocations', 'payments', 'findings', 'households'] }).notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    sheetName: text('sheet_name'),
    operator: text('operator').notNull(),
    rowsRead: integer('rows_read').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    totalFen: integer('total_fen').notNull().default(0),
    status: text('status', { enum: ['done', 'undone'] })
      .notNull()
      .default('done'),
    undoneAt: text('undone_at'),
    ...timestamps,
  },
  (t) => [index('import_batches_hash_idx').on(t.fileSha256)],
);

/**
 * 审计日志: every write, with before/after values. Rows are hash-chained (hash over the row's content and
 * the previous row's hash); triggers in the migrations refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    operator: text('operator').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: integer('entity_id'),
    before: text('before'),
    after: text('after'),
    reason: text('reason'),
    importBatchId: integer('import_batch_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId), index('audit_log_at_idx').on(t.at)],
);

/** 设置: key → JSON value. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/**
 * 操作员 for multi-user mode: a name, a role and a scrypt password hash (algorithm, parameters, salt and key
 * in one string). Disabled operators stay so the audit trail's names keep meaning something.
 */
export const operators = sqliteTable(
  'operators',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    role: text('role', { enum: ['clerk', 'reviewer', 'admin'] }).notNull(),
    passwordHash: text('password_hash'),
    disabledAt: text('disabled_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('operators_name_unique').on(t.name)],
);

/**
 * Who is connected to a ledger on the office server (设置 → 操作员): a row per signed-in window, written at
 * sign-in, its last_seen_at refreshed at most once a minute while the window makes calls, removed at sign-out.
 * A row not seen for a while is a PC that went away without signing out (shown as 离线, pruned later).
 */
export const operatorSessions = sqliteTable('operator_sessions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  operatorId: integer('operator_id').notNull(),
  pcName: text('pc_name').notNull(),
  door: text('door', { enum: ['electron', 'web', 'cli'] }).notNull(),
  signedInAt: text('signed_in_at').notNull(),
  lastSeenAt: text('last_seen_at').notNull(),
});

/** Remembered header mappings of imports, keyed by the sheet's header signature. */
export const importMappings = sqliteTable('import_mappings', {
  signature: text('signature').primaryKey(),
  kind: text('kind').notNull(),
  mapping: text('mapping').notNull(),
  ...timestamps,
});

/**
 * The bytes of stored files (佐证材料, archived bulletin PDFs) by their SHA-256, where every PC must see them:
 * on the office server, and in an office backup file. A local ledger keeps its files in the data folder
 * (attachments/…, 简报/…) and leaves this table empty.
 */
export const fileContents = sqliteTable('file_contents', {
  sha256: text('sha256').primaryKey(),
  sizeBytes: integer('size_bytes').notNull(),
  content: blob('content', { mode: 'buffer' }).notNull(),
  createdAt: text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

// ---- 帮扶力量 (who helps whom, and whether they are there) -------------------------------------------------
// Periods are inclusive ISO days; an end of null means still running (shared/assistance/rules.ts). History is
// kept: a 包联, a team, a term or a 结对 is ended, never overwritten.

/** 帮扶单位 (派出单位): a department or an enterprise of the province, the city or the county. */
export const assistanceUnits = sqliteTable(
  'assistance_units',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['department', 'enterprise'] }).notNull(),
    level: text('level', { enum: ['province', 'city', 'county'] }).notNull(),
    contactPerson: text('contact_person'),
    phone: text('phone'),
    remark: text('remark'),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('assistance_units_name_idx').on(t.name)],
);

/** 包联: a 帮扶单位 helps a village for a period (several units may help one village). */
export const villageLinks = sqliteTable(
  'village_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => assistanceUnits.id),
    villageId: integer('village_id')
      .notNull()
      .references(() => divisions.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    endReason: text('end_reason'),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('village_links_village_idx').on(t.villageId), index('village_links_unit_idx').on(t.unitId)],
);

/** 县级领导 ↔ the township they are responsible for, by period. */
export const townshipLeaders = sqliteTable(
  'township_leaders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    post: text('post'),
    phone: text('phone'),
    townshipId: integer('township_id')
      .notNull()
      .references(() => divisions.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    endReason: text('end_reason'),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('township_leaders_township_idx').on(t.townshipId)],
);

/** 驻村工作队: one per village per period, sent by a 帮扶单位. Its 队长 is a member (team_members.role). */
export const workTeams = sqliteTable(
  'work_teams',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    villageId: integer('village_id')
      .notNull()
      .references(() => divisions.id),
    unitId: integer('unit_id')
      .notNull()
      .references(() => assistanceUnits.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    endReason: text('end_reason'),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('work_teams_village_idx').on(t.villageId), index('work_teams_unit_idx').on(t.unitId)],
);

/** A 驻村工作队 member. The ID number is stored as households store it (normalised) and shown masked. */
export const teamMembers = sqliteTable(
  'team_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => workTeams.id),
    name: text('name').notNull(),
    gender: text('gender', { enum: ['male', 'female'] }),
    idNumber: text('id_number'),
    employer: text('employer'),
    post: text('post'),
    politicalStatus: text('political_status', { enum: ['partyMember', 'probationary', 'league', 'democratic', 'masses'] }),
    phone: text('phone'),
    role: text('role', { enum: ['firstSecretary', 'leader', 'member'] }).notNull(),
    termStart: text('term_start').notNull(),
    termEnd: text('term_end'),
    status: text('status', { enum: ['onDuty', 'rotated', 'recalled'] })
      .notNull()
      .default('onDuty'),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('team_members_team_idx').on(t.teamId), index('team_members_id_number_idx').on(t.idNumber)],
);

/** 轮换 and 召回: who left post, who replaced them (none for a recall without a successor), when and why. */
export const memberRotations = sqliteTable(
  'member_rotations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    teamId: integer('team_id')
      .notNull()
      .references(() => workTeams.id),
    memberId: integer('member_id')
      .notNull()
      .references(() => teamMembers.id),
    successorId: integer('successor_id').references(() => teamMembers.id),
    kind: text('kind', { enum: ['rotated', 'recalled'] }).notNull(),
    date: text('date').notNull(),
    reason: text('reason').notNull(),
    ...timestamps,
  },
  (t) => [index('member_rotations_team_idx').on(t.teamId), index('member_rotations_member_idx').on(t.memberId)],
);

/** 考勤: days a member spent in the village in a month (one row per member and month). */
export const memberAttendance = sqliteTable(
  'member_attendance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => teamMembers.id),
    month: text('month').notNull(),
    daysInVillage: integer('days_in_village').notNull(),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [uniqueIndex('member_attendance_member_month_unique').on(t.memberId, t.month), index('member_attendance_month_idx').on(t.month), check('member_attendance_days_range', sql`${t.daysInVillage} >= 0 and ${t.daysInVillage} <= 31`)],
);

/** 请假: a member's leave and the level that approves it (decided by its days when recorded). */
export const memberLeaves = sqliteTable(
  'member_leaves',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => teamMembers.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date').notNull(),
    days: integer('days').notNull(),
    reason: text('reason'),
    approvalLevel: text('approval_level', { enum: ['township', 'county'] }).notNull(),
    approver: text('approver'),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('member_leaves_member_idx').on(t.memberId, t.startDate)],
);

/** 抽查: a spot check found the member present or absent (0/1). */
export const spotChecks = sqliteTable(
  'spot_checks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    memberId: integer('member_id')
      .notNull()
      .references(() => teamMembers.id),
    date: text('date').notNull(),
    checkedBy: text('checked_by').notNull(),
    present: integer('present', { mode: 'boolean' }).notNull(),
    remark: text('remark'),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('spot_checks_member_idx').on(t.memberId, t.date), index('spot_checks_date_idx').on(t.date)],
);

/** 帮扶责任人 of 结对帮扶: a cadre and their rank (the pairing limit is a setting per rank). */
export const assistanceCadres = sqliteTable(
  'assistance_cadres',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    employer: text('employer'),
    post: text('post'),
    phone: text('phone'),
    rank: text('rank', { enum: ['countyLeader', 'sectionLevel', 'staff'] }).notNull(),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('assistance_cadres_name_idx').on(t.name)],
);

/** 结对帮扶: a 帮扶责任人 ↔ a household of 受益户, by period (one 责任人 per household at a time). */
export const pairings = sqliteTable(
  'pairings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    cadreId: integer('cadre_id')
      .notNull()
      .references(() => assistanceCadres.id),
    householdId: integer('household_id')
      .notNull()
      .references(() => households.id),
    startDate: text('start_date').notNull(),
    endDate: text('end_date'),
    endReason: text('end_reason'),
    remark: text('remark'),
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('pairings_household_idx').on(t.householdId), index('pairings_cadre_idx').on(t.cadreId)],
);

/** 走访记录: a visit to a household or a village (its photos are attachments of owner type visit). */
export const assistanceVisits = sqliteTable(
  'assistance_visits',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    date: text('date').notNull(),
    visitor: text('visitor').notNull(),
    cadreId: integer('cadre_id').references(() => assistanceCadres.id),
    memberId: integer('member_id').references(() => teamMembers.id),
    householdId: integer('household_id').references(() => households.id),
    villageId: integer('village_id').references(() => divisions.id),
    content: text('content').notNull(),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [
    index('assistance_visits_household_idx').on(t.householdId),
    index('assistance_visits_village_idx').on(t.villageId),
    index('assistance_visits_date_idx').on(t.date),
    check('assistance_visits_target', sql`${t.householdId} is not null or ${t.villageId} is not null`),
  ],
);

/** 成效: a project a 帮扶单位 brought or helped (one row per unit and project). */
export const unitProjects = sqliteTable(
  'unit_projects',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => assistanceUnits.id),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id),
    role: text('role', { enum: ['brought', 'helped'] }).notNull(),
    remark: text('remark'),
    ...timestamps,
  },
  (t) => [uniqueIndex('unit_projects_pair_unique').on(t.unitId, t.projectId), index('unit_projects_project_idx').on(t.projectId)],
);

/** 成效: money a 帮扶单位 secured (争取资金), in fen, with its source. */
export const unitFunds = sqliteTable(
  'unit_funds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => assistanceUnits.id),
    date: text('date').notNull(),
    amountFen: integer('amount_fen').notNull(),
    source: text('source').notNull(),
    projectId: integer('project_id').references(() => projects.id),
    villageId: integer('village_id').references(() => divisions.id),
    remark: text('remark'),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('unit_funds_unit_idx').on(t.unitId, t.date), check('unit_funds_amount_nonnegative', sql`${t.amountFen} >= 0`)],
);

/** 成效: 实事 a 帮扶单位 did (办实事), in words. */
export const unitDeeds = sqliteTable(
  'unit_deeds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => assistanceUnits.id),
    date: text('date').notNull(),
    villageId: integer('village_id').references(() => divisions.id),
    description: text('description').notNull(),
    ...softDelete,
    ...rowVersion,
    ...timestamps,
  },
  (t) => [index('unit_deeds_unit_idx').on(t.unitId, t.date)],
);
