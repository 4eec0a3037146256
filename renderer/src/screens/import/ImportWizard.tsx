// The import wizard: 选择文件 → 工作表与表头 → 字段对应 → 预览与校对 → 核对合计 → 导入 → 结果.
// The file's bytes are uploaded once (import.open keeps the parsed sheets in a session); every later step
// previews the whole pipeline again with the user's choices, so what is shown is exactly what a commit does.
import { officeDay } from '../../../../shared/dates';
import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Descriptions,
  Input,
  InputNumber,
  Pagination,
  Progress,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DivisionRow, ProgressEvent } from '../../../../shared/api';
import type { ImportOpenResult, ImportPreview, ImportResult, ReconcileEntry } from '../../../../shared/api-import';
import { ImportKind } from '../../../../shared/enums';
import { formatYuanWithUnit } from '../../../../shared/money';
import { call, onProgress } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { navigate } from '../../lib/nav';
import { bareMessage, Choices, EMPTY_CHOICES, editKey, LEDGER_OF_KIND, openBatchLedger, optionsOf, splitReconcile } from './common';
import { formatChineseDate } from '../../../../shared/dates';
import { formatBytes } from '../../../../shared/attachment-types';
import { readFileBase64 } from '../../lib/files';
import { PreviewTable } from './PreviewTable';
import { SheetGrid } from './SheetGrid';
import { MissingValuesConfirm, WarningGroups } from './WarningGroups';
import { useChannel } from '../../lib/useChannel';

const STEPS = ['选择文件', '工作表与表头', '字段对应', '预览与校对', '核对合计', '导入', '完成'];
const SHEET_PAGE = 40;

const FORMAT_LABEL: Record<ImportOpenResult['format'], string> = { xlsx: 'Excel 工作簿（.xlsx）', xls: 'Excel 97-2003（.xls）', html: '网页表格（另存为 .xls）', xml2003: 'Excel 2003 XML', csv: 'CSV 文本' };
const SOURCE_LABEL = { auto: '自动', remembered: '上次的选择', user: '手动' } as const;
const UNIT_SOURCE: Record<NonNullable<ImportPreview['unitSource']>, string> = {
  option: '您的选择',
  note: '表中注明',
  header: '列名注明',
  guess: '按数值推测',
  default: '未注明，按元',
};

export function ImportWizard({ onImported }: { onImported(): void }) {
  const { message } = AntApp.useApp();
  const { refreshAll } = useAppState();
  const [step, setStep] = useState(0);
  const [open, setOpen] = useState<ImportOpenResult | null>(null);
  const [choices, setChoices] = useState<Choices>(EMPTY_CHOICES);
  const { data: preview, error: previewError, loading, run: runPreview, reset: resetPreview } = useChannel<ImportPreview>({ showError: false });
  const [sheetPage, setSheetPage] = useState(1);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(100);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [reading, setReading] = useState<{ jobId: string; fileName: string; progress: ProgressEvent | null } | null>(null);
  const [committing, setCommitting] = useState<ProgressEvent | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [divisions, setDivisions] = useState<DivisionRow[]>([]);

  useEffect(() => {
    call('divisions.list', {}).then(setDivisions, () => undefined);
  }, [result]);

  const placeNames = useMemo(
    () => ({ township: divisions.filter((d) => d.level === 'township').map((d) => d.name), village: [...new Set(divisions.filter((d) => d.level === 'village').map((d) => d.name))] }),
    [divisions],
  );

  // Preview again whenever a choice or the page changes (the newest answer wins).
  const inGrid = step <= 2;
  useEffect(() => {
    if (!open || step >= 5) return;
    const pageInput = inGrid ? { rowsFrom: (sheetPage - 1) * SHEET_PAGE + 1, rowsLimit: SHEET_PAGE } : { rowsFrom: (page - 1) * pageSize + 1, rowsLimit: pageSize, onlyProblems };
    void runPreview(() => call('import.preview', { sessionId: open.sessionId, ...optionsOf(choices), ...pageInput }));
  }, [open, choices, inGrid, sheetPage, page, pageSize, onlyProblems, step, runPreview]);

  const update = useCallback((patch: Partial<Choices>) => {
    setChoices((c) => ({ ...c, ...patch }));
    setPage(1);
  }, []);

  const reset = useCallback(() => {
    if (open) call('import.close', { sessionId: open.sessionId }).catch(() => undefined);
    setOpen(null);
    resetPreview();
    setChoices(EMPTY_CHOICES);
    setResult(null);
    setStep(0);
    setSheetPage(1);
    setPage(1);
    setOnlyProblems(false);
  }, [open]);

  const pick = useCallback(
    async (file: File) => {
      reset();
      const jobId = `import.open:${Date.now()}`;
      setReading({ jobId, fileName: file.name, progress: null });
      const stop = onProgress((event) => {
        if (event.jobId === jobId) setReading((r) => (r ? { ...r, progress: event } : r));
      });
      try {
        const dataBase64 = await readFileBase64(file);
        const value = await call('import.open', { dataBase64, fileName: file.name, jobId });
        setOpen(value);
      } catch (error) {
        message.error(errorText(error), 8);
      } finally {
        stop();
        setReading(null);
      }
    },
    [reset, message],
  );

  const commit = useCallback(async () => {
    if (!open) return;
    const jobId = `import.commit:${Date.now()}`;
    setCommitting({ jobId, label: '正在导入', done: 0, total: 1 });
    const stop = onProgress((event) => {
      if (event.jobId === jobId) setCommitting(event);
    });
    try {
      const value = await call('import.commit', { sessionId: open.sessionId, jobId, ...optionsOf(choices) });
      setCommitting({ jobId, label: '导入完成', done: 1, total: 1 });
      setResult(value);
      setStep(6);
      onImported();
      void refreshAll();
    } catch (error) {
      message.error(errorText(error), 8);
    } finally {
      stop();
      setCommitting(null);
    }
  }, [open, choices, onImported, refreshAll, message]);

  const blocking = preview ? preview.errors.filter((e) => e.row === null) : [];
  const canLeaveMapping = preview !== null && blocking.length === 0;
  const importable = preview ? preview.summary.create + preview.summary.update : 0;

  const next = () => setStep((s) => Math.min(s + 1, 5));
  const back = () => setStep((s) => Math.max(s - 1, 0));
  const nextDisabled = step === 0 ? !open || !preview : step >= 2 ? !canLeaveMapping : !preview;

  return (
    <div className="imp-wizard" data-testid="import-wizard">
      <Steps size="small" current={step} items={STEPS.map((title) => ({ title }))} className="imp-steps" />
      <div className="imp-step-body" data-testid={`import-step-${step}`}>
        {step === 0 ? (
          <FileStep open={open} preview={preview} previewError={previewError} reading={reading} onPick={pick} onKind={(kind) => update({ kind, mapping: {} })} />
        ) : null}
        {step === 1 && preview ? (
          <div>
            <Space wrap className="imp-toolbar">
              <span>工作表</span>
              <Select
                style={{ minWidth: 240 }}
                value={preview.sheet}
                data-testid="import-sheet-select"
                onChange={(sheet: string) => {
                  update({ sheet, headerRows: undefined, mapping: {} });
                  setSheetPage(1);
                }}
                options={preview.sheets.map((s) => ({
                  value: s.name,
                  label: `${s.name}（${s.rows} 行 × ${s.cols} 列${s.kind ? `，像${ImportKind.label[s.kind]}` : ''}${s.state !== 'visible' ? '，隐藏' : ''}）`,
                }))}
              />
              <span>表头从第</span>
              <InputNumber
                min={1}
                max={preview.rowCount}
                value={preview.header.first}
                data-testid="import-header-first"
                onChange={(v) => v && update({ headerRows: { first: v, last: Math.max(v, Math.min(preview.header.last, v + 4)) }, mapping: {} })}
              />
              <span>行到第</span>
              <InputNumber
                min={preview.header.first}
                max={Math.min(preview.rowCount, preview.header.first + 4)}
                value={preview.header.last}
                data-testid="import-header-last"
                onChange={(v) => v && update({ headerRows: { first: preview.header.first, last: v }, mapping: {} })}
              />
              <span>行</span>
              {choices.headerRows ? (
                <Button size="small" onClick={() => update({ headerRows: undefined, mapping: {} })}>
                  恢复自动识别
                </Button>
              ) : (
                <Tag color="blue">自动识别</Tag>
              )}
            </Space>
            <Alert
              type="info"
              showIcon
              className="imp-alert"
              title={`蓝色为识别出的表头，橙色标记的行（合计、小计、签字、空行等）不导入。标题与“填报单位”“单位：万元”等说明用于判断乡镇和金额单位${
                preview.notes.unit ? `（本表单位：${preview.notes.unit === 'wan' ? '万元' : '元'}）` : ''
              }。`}
            />
            <ProblemsAlert preview={preview} fileLevelOnly />
            <Spin spinning={loading}>
              <SheetGrid preview={preview} />
            </Spin>
            {preview.rowCount > SHEET_PAGE ? (
              <Pagination size="small" className="imp-pager" current={sheetPage} pageSize={SHEET_PAGE} total={preview.rowCount} showSizeChanger={false} onChange={setSheetPage} showTotal={(t) => `共 ${t} 行`} />
            ) : null}
          </div>
        ) : null}
        {step === 2 && preview ? (
          <>
            <MissingValuesConfirm missing={preview.missingValues} allowed={choices.allowMissingAmounts} onAllow={(allowMissingAmounts) => update({ allowMissingAmounts })} />
            <MappingStep preview={preview} choices={choices} onChange={update} />
          </>
        ) : null}
        {step === 3 && preview ? (
          <div>
            <PreviewOptions preview={preview} choices={choices} townships={placeNames.township} onChange={update} />
            <Space wrap className="imp-toolbar">
              <Tag color="green">新增 {preview.summary.create}</Tag>
              <Tag color="blue">更新 {preview.summary.update}</Tag>
              <Tag>无变化 {preview.summary.unchanged}</Tag>
              <Tag>不导入 {preview.summary.skip}</Tag>
              <Tag color="red" data-testid="import-error-rows">
                有错误 {preview.summary.error} 行
              </Tag>
              <Tag color="gold">有提醒 {preview.summary.warningRows} 行</Tag>
              <span className="imp-spacer" />
              <Switch
                checked={onlyProblems}
                onChange={(v) => {
                  setOnlyProblems(v);
                  setPage(1);
                }}
                data-testid="import-only-problems"
              />
              <span>只看有问题的行</span>
            </Space>
            <ProblemsAlert preview={preview} fileLevelOnly errorsOnly />
            <MissingValuesConfirm missing={preview.missingValues} allowed={choices.allowMissingAmounts} onAllow={(allowMissingAmounts) => update({ allowMissingAmounts })} />
            <WarningGroups sessionId={open?.sessionId ?? null} warningsId={preview.warningsId} groups={preview.warningGroups} />
            <Alert
              type="info"
              showIcon
              className="imp-alert"
              title="红色单元格有错误（该行不会导入），黄色为提醒；鼠标移到单元格上看原因。单击单元格（或选中后按 Enter）直接修改，按 Enter 确认、Esc 放弃；“排除”使一行不导入。"
            />
            <PreviewTable
              preview={preview}
              edits={choices.edits}
              excluded={new Set(choices.excludeRows)}
              page={page}
              pageSize={pageSize}
              loading={loading}
              placeNames={placeNames}
              onPage={(p, size) => {
                setPage(size !== pageSize ? 1 : p);
                setPageSize(size);
              }}
              onEdit={(row, column, value) => {
                const edits = { ...choices.edits };
                if (value === null) delete edits[editKey(row, column)];
                else edits[editKey(row, column)] = value;
                setChoices((c) => ({ ...c, edits }));
              }}
              onExclude={(row, excluded) =>
                setChoices((c) => ({ ...c, excludeRows: excluded ? [...c.excludeRows, row].sort((a, b) => a - b) : c.excludeRows.filter((r) => r !== row) }))
              }
            />
          </div>
        ) : null}
        {step === 4 && preview ? <ReconcileStep preview={preview} /> : null}
        {step === 5 && preview ? (
          <div data-testid="import-commit-step">
            <Descriptions bordered size="small" column={2} className="imp-summary">
              <Descriptions.Item label="文件">{preview.fileName}</Descriptions.Item>
              <Descriptions.Item label="工作表">{preview.sheet}</Descriptions.Item>
              <Descriptions.Item label="导入为">{ImportKind.label[preview.kind]}</Descriptions.Item>
              <Descriptions.Item label="乡镇">{preview.township?.name ?? '（按各行）'}</Descriptions.Item>
              <Descriptions.Item label="新增">{preview.summary.create} 行</Descriptions.Item>
              <Descriptions.Item label="更新已有记录">{preview.summary.update} 行</Descriptions.Item>
              <Descriptions.Item label="有错误，不导入">{preview.summary.error} 行</Descriptions.Item>
              <Descriptions.Item label="金额合计">{formatYuanWithUnit(preview.totals.amountFen)}</Descriptions.Item>
              {preview.placesToAdd.length > 0 ? (
                <Descriptions.Item label="将添加到区划" span={2}>
                  {preview.placesToAdd.map((p) => `${p.parent ? `${p.parent} · ` : ''}${p.name}`).join('、')}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            {preview.summary.error > 0 ? (
              <Alert type="warning" showIcon className="imp-alert" message={`有 ${preview.summary.error} 行因错误不会导入；其余各行照常导入。如要导入它们，请回到“预览与校对”修改。`} />
            ) : null}
            {committing ? (
              <div className="imp-progress" data-testid="import-commit-progress">
                <Progress percent={Math.round((committing.done / Math.max(committing.total, 1)) * 100)} status="active" />
                <div className="imp-muted">{committing.label}</div>
              </div>
            ) : (
              <Alert type="info" showIcon className="imp-alert" title="这些行一次写入台账：要么全部写入，要么一行也不写。导入后如发现问题，可在“导入记录”中把这一批整批撤销。" />
            )}
          </div>
        ) : null}
        {step === 6 && result ? <ResultStep result={result} sessionId={open?.sessionId ?? null} onAgain={reset} /> : null}
        {step > 0 && step < 6 && !preview ? previewError ? <Alert type="error" showIcon message={previewError} /> : <Spin /> : null}
        {step > 0 && step < 6 && preview && previewError ? <Alert type="error" showIcon className="imp-alert" message={previewError} /> : null}
      </div>
      {step < 6 ? (
        <div className="imp-footer">
          {step > 0 ? (
            <Button onClick={back} disabled={committing !== null} data-testid="import-back">
              上一步
            </Button>
          ) : null}
          {open ? (
            <Button onClick={reset} disabled={committing !== null} data-testid="import-cancel">
              取消
            </Button>
          ) : null}
          {step < 5 ? (
            <Button type="primary" onClick={next} disabled={nextDisabled || loading} data-testid="import-next">
              下一步
            </Button>
          ) : (
            <Button type="primary" onClick={commit} loading={committing !== null} disabled={importable === 0} data-testid="import-commit">
              导入 {importable} 行
            </Button>
          )}
        </div>
      ) : null}
    </div>
  );
}

function FileStep(props: {
  open: ImportOpenResult | null;
  preview: ImportPreview | null;
  previewError: string | null;
  reading: { jobId: string; fileName: string; progress: ProgressEvent | null } | null;
  onPick(file: File): void;
  onKind(kind: ImportKind | undefined): void;
}) {
  const { open, preview, reading } = props;
  const done = open?.previousBatches.filter((b) => b.status === 'done') ?? [];
  return (
    <div>
      <Upload.Dragger
        accept=".xlsx,.xls,.csv,.et,.htm,.html,.xml"
        multiple={false}
        showUploadList={false}
        disabled={reading !== null}
        beforeUpload={(file) => {
          props.onPick(file);
          return false;
        }}
        data-testid="import-dropzone"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">把乡镇报来的表格拖到这里，或单击选择文件</p>
        <p className="ant-upload-hint">支持 .xlsx、.xls（含网页另存的 .xls）、.csv（UTF-8 或 GBK）；WPS 的 .et 请先另存为 .xlsx</p>
      </Upload.Dragger>
      {reading ? (
        <div className="imp-progress" data-testid="import-reading">
          <div>正在读取“{reading.fileName}”…</div>
          <Progress percent={reading.progress ? Math.round((reading.progress.done / Math.max(reading.progress.total, 1)) * 100) : 5} status="active" />
          <Button size="small" onClick={() => call('import.cancel', { jobId: reading.jobId }).catch(() => undefined)} data-testid="import-read-cancel">
            取消读取
          </Button>
        </div>
      ) : null}
      {open ? (
        <div className="imp-file" data-testid="import-file-info">
          <Descriptions bordered size="small" column={2}>
            <Descriptions.Item label="文件">{open.fileName}</Descriptions.Item>
            <Descriptions.Item label="格式">
              {FORMAT_LABEL[open.format]}
              {open.encoding && open.format === 'csv' ? `，${open.encoding}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="大小">{formatBytes(open.size)}</Descriptions.Item>
            <Descriptions.Item label="工作表">{open.sheets.map((s) => `${s.name}（${s.rows} 行）`).join('、')}</Descriptions.Item>
            <Descriptions.Item label="导入为">
              {preview ? (
                <Space>
                  <Select
                    style={{ width: 160 }}
                    value={preview.kind}
                    data-testid="import-kind-select"
                    onChange={(kind: ImportKind) => props.onKind(kind)}
                    options={ImportKind.values.map((k) => ({ value: k, label: ImportKind.label[k] }))}
                  />
                  <span className="imp-muted">按列名自动识别，可更改</span>
                </Space>
              ) : (
                <Spin size="small" />
              )}
            </Descriptions.Item>
          </Descriptions>
          {done.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              className="imp-alert"
              data-testid="import-same-file"
              title={`同一文件已于${done.map((b) => `${formatChineseDate(officeDay(b.at))}导入过（导入批次 #${b.id}：新增 ${b.imported} 行，更新 ${b.updated} 行）`).join('；')}`}
              description="再导入时，与台账相同的行不会重复写入；有变化的行可在“预览与校对”中选择更新或跳过。"
            />
          ) : null}
          {props.previewError ? <Alert type="error" showIcon className="imp-alert" message={props.previewError} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function MappingStep({ preview, choices, onChange }: { preview: ImportPreview; choices: Choices; onChange(patch: Partial<Choices>): void }) {
  const dataRows = preview.rows.filter((r) => r.cls === 'data');
  const options = [{ value: '', label: '（不导入）' }, ...preview.fields.filter((f) => f.key !== 'ignore').map((f) => ({ value: f.key, label: `${f.label}${f.required ? '（必需）' : ''}` }))];
  return (
    <div>
      <ProblemsAlert preview={preview} fileLevelOnly />
      <Table
        size="small"
        bordered
        rowKey="index"
        pagination={false}
        data-testid="import-mapping-table"
        dataSource={preview.columns}
        columns={[
          { key: 'letter', title: '列', dataIndex: 'letter', width: 50 },
          { key: 'header', title: '表中的列名', dataIndex: 'header', width: 220, render: (h: string) => h || <span className="imp-muted">（无列名）</span> },
          {
            key: 'field',
            title: '导入到',
            width: 220,
            render: (_: unknown, col) => (
              <Select
                style={{ width: 200 }}
                value={col.field ?? ''}
                options={options}
                data-testid={`import-map-${col.letter}`}
                onChange={(v: string) => onChange({ mapping: { ...choices.mapping, [col.index]: v === '' ? null : v } })}
              />
            ),
          },
          {
            key: 'source',
            title: '来源',
            width: 100,
            render: (_: unknown, col) => <Tag color={col.source === 'user' ? 'blue' : col.source === 'remembered' ? 'purple' : 'default'}>{SOURCE_LABEL[col.source]}</Tag>,
          },
          {
            key: 'samples',
            title: '示例值',
            render: (_: unknown, col) => (
              <span className="imp-samples">
                {dataRows
                  .map((r) => r.cells[col.index] ?? '')
                  .filter(Boolean)
                  .slice(0, 4)
                  .join('　|　') || <span className="imp-muted">（前几行为空）</span>}
              </span>
            ),
          },
        ]}
      />
      <Checkbox className="imp-remember" checked={choices.rememberMapping} onChange={(e) => onChange({ rememberMapping: e.target.checked })}>
        记住这种表头的对应关系（下次遇到列名相同的表格自动套用）
      </Checkbox>
    </div>
  );
}

function PreviewOptions({ preview, choices, townships, onChange }: { preview: ImportPreview; choices: Choices; townships: string[]; onChange(patch: Partial<Choices>): void }) {
  const placeErrors = preview.errors.filter((e) => /区划中没有|不在区划中|下没有村|找不到.*(乡镇|村)/.test(e.message)).length;
  const hasMoney = preview.unit !== null;
  return (
    <div className="imp-options" data-testid="import-options">
      <Space wrap size="large">
        <Space>
          <span>所属乡镇</span>
          <Select
            allowClear
            placeholder="按各行的乡镇"
            style={{ width: 180 }}
            value={choices.township ?? preview.township?.name}
            onChange={(v?: string) => onChange({ township: v })}
            options={townships.map((t) => ({ value: t, label: t }))}
            data-testid="import-township"
          />
          {preview.township && !choices.township ? (
            <span className="imp-muted">识别自{preview.township.source === 'reportingUnit' ? '填报单位' : '标题'}，请确认</span>
          ) : null}
        </Space>
        {hasMoney ? (
          <Space>
            <span>金额单位</span>
            <Radio.Group value={choices.unit ?? preview.unit} onChange={(e) => onChange({ unit: e.target.value as 'yuan' | 'wan' })} optionType="button" size="small">
              <Radio.Button value="yuan">元</Radio.Button>
              <Radio.Button value="wan">万元</Radio.Button>
            </Radio.Group>
            {preview.unitSource ? <span className="imp-muted">{UNIT_SOURCE[preview.unitSource]}</span> : null}
          </Space>
        ) : null}
        <Space>
          <span>与台账已有记录相同的行</span>
          <Radio.Group value={choices.onMatch} onChange={(e) => onChange({ onMatch: e.target.value as 'update' | 'skip' })} optionType="button" size="small">
            <Radio.Button value="update">更新</Radio.Button>
            <Radio.Button value="skip">跳过</Radio.Button>
          </Radio.Group>
        </Space>
        {preview.kind === 'findings' ? (
          <Space>
            <span>所属检查</span>
            <Input
              style={{ width: 240 }}
              placeholder={preview.inspection?.name ?? '按表格标题'}
              defaultValue={choices.inspection}
              onBlur={(e) => onChange({ inspection: e.target.value.trim() || undefined })}
            />
          </Space>
        ) : null}
      </Space>
      {placeErrors > 0 || preview.placesToAdd.length > 0 || choices.addPlaces ? (
        <Alert
          type={placeErrors > 0 ? 'error' : 'info'}
          showIcon
          className="imp-alert"
          data-testid="import-places"
          message={placeErrors > 0 ? `有 ${placeErrors} 处乡镇或村在“区划”中找不到` : '将添加到区划的地方'}
          description={
            <div>
              {placeErrors > 0 ? <div>单击红色单元格，从区划中选出正确的名称；如果确实是新的乡镇或村，勾选下面一项把它们添加到区划。</div> : null}
              <Checkbox checked={choices.addPlaces} onChange={(e) => onChange({ addPlaces: e.target.checked })} data-testid="import-add-places">
                添加地名：把表中出现、区划里没有的乡镇和村在导入时添加到区划（导入后请在“区划与单位”中核对代码）
              </Checkbox>
              {preview.placesToAdd.length > 0 ? (
                <div className="imp-places-list">导入时将添加：{preview.placesToAdd.map((p) => `${p.parent ? `${p.parent} · ` : ''}${p.name}（${p.code}）`).join('、')}</div>
              ) : null}
            </div>
          }
        />
      ) : null}
    </div>
  );
}

function ProblemsAlert({ preview, fileLevelOnly, errorsOnly }: { preview: ImportPreview; fileLevelOnly?: boolean; errorsOnly?: boolean }) {
  // Amounts or dates the mapping missed have their own box with the confirmation (MissingValuesConfirm).
  const errors = preview.errors.filter((e) => (!fileLevelOnly || e.row === null) && !preview.missingValues.some((m) => e.message.startsWith(m.message)));
  const warnings = errorsOnly ? [] : preview.warnings.filter((w) => !fileLevelOnly || w.row === null);
  if (errors.length === 0 && warnings.length === 0) return null;
  return (
    <div className="imp-problems" data-testid="import-file-problems">
      {errors.map((e) => (
        <Alert key={e.message} type="error" showIcon message={e.message} className="imp-alert" />
      ))}
      {warnings.map((w) => (
        <Alert key={w.message} type="warning" showIcon message={w.message} className="imp-alert" />
      ))}
    </div>
  );
}

function ReconcileStep({ preview }: { preview: ImportPreview }) {
  const rowTotals = preview.warnings.filter((w) => w.row !== null && w.field === 'total');
  const { agreeing, differences } = splitReconcile(preview.reconcile);
  return (
    <div data-testid="import-reconcile">
      <Typography.Title level={5}>表中的合计、小计与各行之和</Typography.Title>
      {preview.reconcile.length === 0 ? (
        <Alert type="info" showIcon className="imp-alert" title="表中没有合计或小计行可供核对" data-testid="import-reconcile-none" />
      ) : differences.length === 0 ? (
        <Alert type="success" showIcon className="imp-alert" title={`全部 ${agreeing} 项合计一致`} data-testid="import-reconcile-ok" />
      ) : (
        <>
          <Alert
            type="warning"
            showIcon
            className="imp-alert"
            title={`${differences.length} 项合计与各行之和不一致${agreeing > 0 ? `，其余 ${agreeing} 项一致` : ''}`}
            data-testid="import-reconcile-summary"
          />
          <Table<ReconcileEntry>
            size="small"
            bordered
            pagination={false}
            rowKey={(e) => `${e.row}:${e.column}`}
            dataSource={differences}
            data-testid="import-reconcile-table"
            columns={[
              { key: 'row', title: '合计行', dataIndex: 'row', width: 80, render: (r: number) => `第 ${r} 行` },
              { key: 'label', title: '列', dataIndex: 'label', width: 140 },
              { key: 'stated', title: '表中写的', dataIndex: 'statedFen', align: 'right', render: formatYuanWithUnit },
              { key: 'sum', title: '各行相加', dataIndex: 'sumFen', align: 'right', render: formatYuanWithUnit },
              { key: 'imported', title: '将导入的行相加', dataIndex: 'importedFen', align: 'right', render: formatYuanWithUnit },
              { key: 'ok', title: '核对', width: 380, render: (_: unknown, e) => <span className="imp-reconcile-bad">{e.message ?? '不一致'}</span> },
            ]}
          />
        </>
      )}
      <Typography.Title level={5} className="imp-section">
        各行的总投资与各资金来源之和
      </Typography.Title>
      {rowTotals.length === 0 ? (
        <Alert
          type={preview.kind === 'projects' ? 'success' : 'info'}
          showIcon
          className="imp-alert"
          title={preview.kind === 'projects' ? '每一行的总投资都等于各来源之和（或表中只有一项）' : '本类表格没有分项合计需要核对'}
        />
      ) : (
        <ul className="imp-list">
          {rowTotals.map((w) => (
            <li key={`${w.row}:${w.message}`}>
              第 {w.row} 行：{bareMessage(w)}
            </li>
          ))}
        </ul>
      )}
      {preview.kind === 'projects' ? (
        <Alert type="info" showIcon className="imp-alert" title="导入的是各资金来源（分项），不是表中写的合计；不一致时请按上面的提示核对原表。" />
      ) : null}
    </div>
  );
}

function ResultStep({ result, sessionId, onAgain }: { result: ImportResult; sessionId: string | null; onAgain(): void }) {
  const ledger = LEDGER_OF_KIND[result.kind];
  const batchId = result.batchId;
  return (
    <>
    <Result
      status={result.errors.length > 0 ? 'warning' : 'success'}
      title={`导入完成：新增 ${result.imported} 行，更新 ${result.updated} 行`}
      subTitle={
        <div>
          <div>
            {`${result.fileName} · 工作表“${result.sheet}” · 读取 ${result.rowsRead} 行，不导入 ${result.skipped.length} 行，错误 ${result.errors.length} 处 · 金额合计 ${formatYuanWithUnit(result.totals.amountFen)}${batchId !== null ? ` · 导入批次 #${batchId}` : ''}`}
          </div>
          {result.placesAdded.length > 0 ? (
            <div data-testid="import-places-added">已添加到区划：{result.placesAdded.map((p) => `${p.parent ? `${p.parent} · ` : ''}${p.name}（${p.code}）`).join('、')}，请在“区划与单位”中核对代码</div>
          ) : null}
        </div>
      }
      data-testid="import-result"
      extra={[
        ledger && batchId !== null ? (
          <Button key="ledger" type="primary" onClick={() => openBatchLedger(result.kind, batchId)} data-testid="import-goto-ledger">
            到{ledger.label}查看
          </Button>
        ) : null,
        <Button key="history" onClick={() => navigate('import', 'history')} data-testid="import-goto-history">
          导入记录
        </Button>,
        <Button key="again" onClick={onAgain}>
          再导入一个文件
        </Button>,
      ]}
    />
    <WarningGroups sessionId={sessionId} warningsId={result.warningsId} groups={result.warningGroups} />
    </>
  );
}
