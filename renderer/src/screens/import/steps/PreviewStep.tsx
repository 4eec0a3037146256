// 预览与校对: the choices that change how rows are read (乡镇, 金额单位, what to do with rows already in the
// ledger, the 检查 of findings, adding unknown places), the counts by outcome, the warnings by kind, and the
// rows themselves, where a cell is corrected in place and a row excluded.
import { Alert, Checkbox, Input, Radio, Select, Space, Switch, Tag } from 'antd';
import type { ImportPreview } from '../../../../../shared/api-import';
import type { Choices } from '../common';
import { PreviewTable } from '../PreviewTable';
import { MissingValuesConfirm, WarningGroups } from '../WarningGroups';
import { ProblemsAlert } from './ProblemsAlert';

const UNIT_SOURCE: Record<NonNullable<ImportPreview['unitSource']>, string> = {
  option: '您的选择',
  note: '表中注明',
  header: '列名注明',
  guess: '按数值推测',
  default: '未注明，按元',
};

export interface PreviewStepProps {
  preview: ImportPreview;
  sessionId: string | null;
  choices: Choices;
  update(patch: Partial<Choices>): void;
  placeNames: { township: string[]; village: string[] };
  loading: boolean;
  page: number;
  pageSize: number;
  onPage(page: number, size: number): void;
  onlyProblems: boolean;
  onOnlyProblems(only: boolean): void;
  onEdit(row: number, column: number, value: string | null): void;
  onExclude(row: number, excluded: boolean): void;
}

export function PreviewStep(props: PreviewStepProps) {
  const { preview, sessionId, choices, update, placeNames, loading, page, pageSize, onPage, onlyProblems, onOnlyProblems, onEdit, onExclude } = props;
  return (
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
          onChange={onOnlyProblems}
          data-testid="import-only-problems"
        />
        <span>只看有问题的行</span>
      </Space>
      <ProblemsAlert preview={preview} fileLevelOnly errorsOnly />
      <MissingValuesConfirm missing={preview.missingValues} allowed={choices.allowMissingAmounts} onAllow={(allowMissingAmounts) => update({ allowMissingAmounts })} />
      <WarningGroups sessionId={sessionId} warningsId={preview.warningsId} groups={preview.warningGroups} />
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
        onPage={onPage}
        onEdit={onEdit}
        onExclude={onExclude}
      />
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
