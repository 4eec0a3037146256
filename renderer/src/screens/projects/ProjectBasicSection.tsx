// 基本信息: year and number (suggested per year), status, name, type, 建设性质, place, content and units.
import { ReloadOutlined } from '@ant-design/icons';
import { AutoComplete, Cascader, Form, Input, InputNumber, Select } from 'antd';
import { useMemo } from 'react';
import type { ProjectDetail } from '../../../../shared/api';
import { CONSTRUCTION_NATURES, ProjectStatus, UnitKind } from '../../../../shared/enums';
import { projectFieldMax } from '../../../../shared/projects/fields';
import { typeCascaderOptions, typeCascaderSearch, type ReferenceData } from './common';
import { bankRule, hasText, labelOf, maxRule, type BankGate, type Values } from './projectFormValues';

const statusOptions = ProjectStatus.values.map((s, i) => ({
  value: s,
  label: `${i + 1}. ${ProjectStatus.label[s]}`,
}));

interface Props extends BankGate {
  reference: ReferenceData;
  /** The stored project (null for a new one): its 主管部门 stays listed even when of another kind. */
  detail: ProjectDetail | null;
  editing: boolean;
  /** Ask for the year's next number; `force` replaces one the clerk typed. */
  suggestCode: (year: number, force: boolean) => void;
}

export function ProjectBasicSection({ bank, enteringBank, reference, detail, editing, suggestCode }: Props) {
  const form = Form.useFormInstance<Values>();
  const township = Form.useWatch('township', form) as number | null | undefined;
  const townshipOptions = reference.townships.map((t) => ({ value: t.id, label: t.name }));
  const villageOptions = reference.villagesOf(township).map((v) => ({ value: v.id, label: v.name }));
  const departmentOptions = useMemo(() => {
    const list = reference.departments.map((u) => ({ value: u.id, label: u.name }));
    // A project may name a unit of another kind as 主管部门 (imports): keep it visible.
    const current = detail?.departmentId;
    if (current && !list.some((o) => o.value === current)) list.push({ value: current, label: detail?.department ?? `单位 ${current}` });
    return list;
  }, [reference.departments, detail]);
  const implementerOptions = useMemo(
    () =>
      UnitKind.values
        .map((kind) => ({
          label: UnitKind.label[kind],
          options: reference.units.filter((u) => u.kind === kind).map((u) => ({ value: u.id, label: u.name })),
        }))
        .filter((g) => g.options.length > 0),
    [reference.units],
  );

  return (
    <>
      <div className="section-title">基本信息</div>
      <div className="form-grid">
        <Form.Item name="year" label={labelOf('year')} rules={[{ required: true, message: '请填写年度' }, { type: 'number', min: 2000, max: 2100, message: '年度应在 2000 至 2100 年之间' }]}>
          <InputNumber<number>
            min={2000}
            max={2100}
            precision={0}
            controls={false}
            style={{ width: '100%' }}
            onBlur={() => {
              const y = form.getFieldValue('year') as number | null;
              if (!editing && y && y >= 2000 && y <= 2100) void suggestCode(y, false);
            }}
            data-testid="project-field-year"
          />
        </Form.Item>
        <Form.Item name="code" label={labelOf('code')} extra={editing ? undefined : '按年度自动编号，可修改'}>
          <Input
            maxLength={projectFieldMax('code')}
            className="mono"
            suffix={
              <a
                title="按年度重新生成编号"
                onClick={() => {
                  const y = form.getFieldValue('year') as number | null;
                  if (y) void suggestCode(y, true);
                }}
                data-testid="project-code-suggest"
              >
                <ReloadOutlined />
              </a>
            }
            data-testid="project-field-code"
          />
        </Form.Item>
        <Form.Item name="status" label={labelOf('status')} rules={[{ required: true, message: '请选择项目状态' }]}>
          <Select<ProjectStatus> options={statusOptions} data-testid="project-field-status" />
        </Form.Item>
        <Form.Item
          name="name"
          label={labelOf('name')}
          className="span-3"
          rules={[{ required: true, whitespace: true, message: `请填写${labelOf('name')}` }, maxRule('name')]}
        >
          <Input maxLength={projectFieldMax('name')} showCount placeholder="例如 青山镇前进村2024年高标准农田建设项目" autoFocus={!editing} data-testid="project-field-name" />
        </Form.Item>
        <Form.Item
          name="category"
          label={labelOf('category')}
          className="span-2"
          required={bank}
          dependencies={['status']}
          rules={[bankRule(enteringBank, '入库项目须选择项目类型', (v) => Array.isArray(v) && v.length > 0)]}
        >
          <Cascader
            options={typeCascaderOptions(reference.types)}
            changeOnSelect
            showSearch={typeCascaderSearch}
            placeholder="类型 / 子类型"
            displayRender={(labels) => labels.join(' / ')}
            data-testid="project-field-category"
          />
        </Form.Item>
        <Form.Item
          name="constructionNature"
          label={labelOf('nature')}
          required={bank}
          dependencies={['status']}
          rules={[bankRule(enteringBank, '入库项目须填写建设性质', hasText), maxRule('nature')]}
        >
          <AutoComplete
            options={CONSTRUCTION_NATURES.map((n) => ({ value: n }))}
            placeholder="新建/续建/改建…"
            maxLength={projectFieldMax('nature')}
            data-testid="project-field-constructionNature"
          />
        </Form.Item>
        <Form.Item
          name="township"
          label={labelOf('township')}
          required={bank}
          dependencies={['status', 'location']}
          rules={[bankRule(enteringBank, '入库项目须选择乡镇或填写实施地点', (v, get) => Boolean(v) || hasText(get('location')))]}
        >
          <Select<number | null>
            allowClear
            options={townshipOptions}
            placeholder="选择乡镇"
            onChange={(t) => {
              const village = form.getFieldValue('village') as number | null;
              if (village && !reference.villagesOf(t).some((v) => v.id === village)) form.setFieldValue('village', null);
            }}
            data-testid="project-field-township"
          />
        </Form.Item>
        <Form.Item name="village" label={labelOf('village')}>
          <Select<number | null>
            allowClear
            options={villageOptions}
            placeholder={township ? '选择村（乡镇级项目可不选）' : '先选乡镇'}
            disabled={!township}
            data-testid="project-field-village"
          />
        </Form.Item>
        <Form.Item name="location" label={labelOf('location')} rules={[maxRule('location')]}>
          <Input maxLength={projectFieldMax('location')} placeholder="如 前进村二组" data-testid="project-field-location" />
        </Form.Item>
        <Form.Item
          name="content"
          label={labelOf('content')}
          className="span-3"
          required={bank}
          dependencies={['status']}
          rules={[bankRule(enteringBank, '入库项目须填写建设内容及规模', hasText), maxRule('content')]}
        >
          <Input.TextArea maxLength={projectFieldMax('content')} autoSize={{ minRows: 2, maxRows: 5 }} placeholder="建设任务、规模、主要工程量" data-testid="project-field-content" />
        </Form.Item>
        <Form.Item
          name="department"
          label={labelOf('department')}
          required={bank}
          dependencies={['status', 'implementer']}
          rules={[bankRule(enteringBank, '入库项目须选择主管部门或实施单位', (v, get) => Boolean(v) || Boolean(get('implementer')))]}
        >
          <Select<number | null>
            allowClear
            options={departmentOptions}
            placeholder="选择部门"
            popupMatchSelectWidth={false}
            data-testid="project-field-department"
          />
        </Form.Item>
        <Form.Item name="implementer" label={labelOf('implementer')}>
          <Select<number | null>
            allowClear
            options={implementerOptions}
            placeholder="项目业主/实施单位"
            popupMatchSelectWidth={false}
            data-testid="project-field-implementer"
          />
        </Form.Item>
        <Form.Item name="responsiblePerson" label={labelOf('responsiblePerson')} rules={[maxRule('responsiblePerson')]}>
          <Input maxLength={projectFieldMax('responsiblePerson')} data-testid="project-field-responsiblePerson" />
        </Form.Item>
      </div>
    </>
  );
}
