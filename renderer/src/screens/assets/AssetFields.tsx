// The asset form's two sections as a clerk reads an asset card: 资产信息 (what, from which project, worth how
// much, where) and 确权与管护 (who owns and runs it, the contract). Money is typed in 元 or 万元; the unit
// belongs to the drawer, which converts the typed text when the clerk switches.
import { Form, Input, Select, type FormInstance } from 'antd';
import type { AssetDetail, ProjectSearchRow } from '../../../../shared/api';
import { ASSET_FIELD as F, assetFieldMax, assetShortLabel, contractEndBeforeStart, type AssetFieldKey } from '../../../../shared/assets/fields';
import { AssetKind, AssetOperationMode, AssetRightsLevel, AssetStatus } from '../../../../shared/enums';
import { tooLongText } from '../../../../shared/projects/fields';
import { formatMoney, type MoneyUnit } from '../../../../shared/money';
import { DateInput } from '../../components/DateInput';
import { RemoteSelect, type RemoteChoice } from '../../components/RemoteSelect';
import { dateRule, moneyRule, normaliseDateText, textToFen, UnitSwitch, type ReferenceData } from '../projects/common';
import { searchProjectRows } from '../projects/search';
import type { AssetValues } from './assetValues';

/** A text field's limit as a form rule, in the contract's words. */
const maxRule = (key: AssetFieldKey) => ({ max: assetFieldMax(key), message: tooLongText(F[key].label, assetFieldMax(key)) });

/** 来源项目: searched in 项目库 as the clerk types (name, code or pinyin initials). */
async function searchSourceProjects(keyword: string): Promise<RemoteChoice<ProjectSearchRow>[]> {
  return (await searchProjectRows(keyword)).map((r) => ({ id: r.id, label: `${r.code ? `${r.code} ` : ''}${r.name}`, row: r }));
}

function ProjectPicker({
  value,
  onChange,
  initial,
  onPicked,
  id,
}: {
  value?: number | null;
  onChange?: (value: number | null) => void;
  initial: { id: number; label: string } | null;
  onPicked: (place: { townshipId: number | null; villageId: number | null }) => void;
  id?: string;
}) {
  return (
    <RemoteSelect<ProjectSearchRow>
      id={id}
      value={value ?? null}
      known={initial ? [initial] : []}
      search={searchSourceProjects}
      placeholder="输入项目名称、编号或拼音首字母查找"
      notFound="没有找到项目"
      onChange={(v, choice) => {
        onChange?.(v);
        if (choice?.row) onPicked({ townshipId: choice.row.townshipId, villageId: choice.row.villageId });
      }}
      popupWidth={{ min: 320, max: 600 }}
      testId="asset-field-project"
    />
  );
}

export interface AssetInfoProps {
  form: FormInstance<AssetValues>;
  reference: ReferenceData;
  detail: AssetDetail | null;
  isNew: boolean;
  unit: MoneyUnit;
  /** The unit at the moment a rule runs (the switch converts the text before the state catches up). */
  unitNow: () => MoneyUnit;
  onUnit: (next: MoneyUnit) => void;
}

export function AssetInfoFields({ form, reference, detail, isNew, unit, unitNow, onUnit }: AssetInfoProps) {
  const township = Form.useWatch('township', form);
  const originalFen = textToFen(Form.useWatch('originalValue', form), unit);
  return (
    <>
      <div className="section-title section-with-tools">
        <span>资产信息</span>
        <span className="section-tools">
          <span className="field-hint">金额单位</span>
          <UnitSwitch value={unit} onChange={onUnit} testId="asset-unit-switch" />
        </span>
      </div>
      <div className="form-grid">
        <Form.Item name="code" label={F.code.label} rules={[maxRule('code')]}>
          <Input maxLength={assetFieldMax('code')} className="mono" placeholder="如 青山ZC-2024-0001" data-testid="asset-field-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={F.name.label}
          className="span-2"
          rules={[{ required: true, whitespace: true, message: `请填写${F.name.label}` }, maxRule('name')]}
        >
          <Input maxLength={assetFieldMax('name')} autoFocus={isNew} placeholder="如 前进村光伏电站" data-testid="asset-field-name" />
        </Form.Item>
        <Form.Item name="kind" label={F.kind.label} rules={[{ required: true, message: `请选择${F.kind.label}` }]}>
          <Select<AssetKind> options={AssetKind.options} placeholder="经营性/公益性/到户类" data-testid="asset-field-kind" />
        </Form.Item>
        <Form.Item name="project" label={F.project.label} className="span-2">
          <ProjectPicker
            initial={detail?.projectId ? { id: detail.projectId, label: detail.project ?? `项目 ${detail.projectId}` } : null}
            onPicked={(place) => {
              // The asset sits where its project was built, unless the clerk already chose a place.
              if (!form.getFieldValue('township') && place.townshipId) form.setFieldsValue({ township: place.townshipId, village: place.villageId });
            }}
          />
        </Form.Item>
        <Form.Item name="originalValue" label={F.originalValue.label} rules={[moneyRule(F.originalValue.label, unitNow)]}>
          <Input
            inputMode="decimal"
            autoComplete="off"
            className="mono money-input"
            suffix={<span className="unit-suffix">{unit === 'wan' ? '万元' : '元'}</span>}
            placeholder="0"
            data-testid="asset-field-originalValue"
          />
        </Form.Item>
        <Form.Item name="formedDate" label={F.formedDate.label} rules={[dateRule(F.formedDate.label)]}>
          <DateInput testId="asset-field-formedDate" />
        </Form.Item>
        <Form.Item label={`${assetShortLabel('originalValue')}折合`}>
          <span className="cell-muted" style={{ lineHeight: '30px' }}>
            {originalFen === null ? '金额未填对' : unit === 'wan' ? `${formatMoney(originalFen, 'yuan')} 元` : `${formatMoney(originalFen, 'wan')} 万元`}
          </span>
        </Form.Item>
        <Form.Item name="township" label={F.township.label}>
          <Select<number | null>
            allowClear
            options={reference.townships.map((t) => ({ value: t.id, label: t.name }))}
            placeholder="选择乡镇"
            onChange={(t) => {
              const village = form.getFieldValue('village') as number | null;
              if (village && !reference.villagesOf(t).some((v) => v.id === village)) form.setFieldValue('village', null);
            }}
            data-testid="asset-field-township"
          />
        </Form.Item>
        <Form.Item name="village" label={F.village.label}>
          <Select<number | null>
            allowClear
            options={reference.villagesOf(township).map((v) => ({ value: v.id, label: v.name }))}
            disabled={!township}
            placeholder={township ? '选择村' : '先选乡镇'}
            data-testid="asset-field-village"
          />
        </Form.Item>
        <Form.Item name="status" label={F.status.label} rules={[{ required: true, message: `请选择${F.status.label}` }]}>
          <Select<AssetStatus> options={AssetStatus.options} data-testid="asset-field-status" />
        </Form.Item>
      </div>
    </>
  );
}

export function AssetRightsFields() {
  return (
    <>
      <div className="section-title">确权与管护</div>
      <div className="form-grid">
        <Form.Item name="owner" label={F.owner.label} rules={[maxRule('owner')]}>
          <Input maxLength={assetFieldMax('owner')} placeholder="如 前进村股份经济合作社" data-testid="asset-field-owner" />
        </Form.Item>
        <Form.Item name="rightsLevel" label={F.rightsLevel.label}>
          <Select<AssetRightsLevel | null> allowClear options={AssetRightsLevel.options} placeholder="县/乡/村/户" data-testid="asset-field-rightsLevel" />
        </Form.Item>
        <Form.Item name="handoverDate" label={F.handoverDate.label} rules={[dateRule(F.handoverDate.label)]}>
          <DateInput testId="asset-field-handoverDate" />
        </Form.Item>
        <Form.Item name="manager" label={F.manager.label} className="span-2" rules={[maxRule('manager')]}>
          <Input maxLength={assetFieldMax('manager')} data-testid="asset-field-manager" />
        </Form.Item>
        <Form.Item name="operationMode" label={F.operationMode.label}>
          <Select<AssetOperationMode | null> allowClear options={AssetOperationMode.options} placeholder="自营/出租/入股/托管" data-testid="asset-field-operationMode" />
        </Form.Item>
        <Form.Item name="contractStart" label={assetShortLabel('contractStart')} rules={[dateRule(F.contractStart.label)]}>
          <DateInput testId="asset-field-contractStart" />
        </Form.Item>
        <Form.Item
          name="contractEnd"
          label={assetShortLabel('contractEnd')}
          dependencies={['contractStart']}
          rules={[
            dateRule(F.contractEnd.label),
            ({ getFieldValue }) => ({
              validator: async (_: unknown, value: string | undefined) => {
                const problem = contractEndBeforeStart(normaliseDateText(getFieldValue('contractStart') as string | undefined), normaliseDateText(value));
                if (problem) throw new Error(problem);
              },
            }),
          ]}
        >
          <DateInput testId="asset-field-contractEnd" />
        </Form.Item>
        <span />
        <Form.Item name="remark" label={F.remark.label} className="span-3" rules={[maxRule('remark')]}>
          <Input.TextArea maxLength={assetFieldMax('remark')} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="asset-field-remark" />
        </Form.Item>
      </div>
    </>
  );
}
