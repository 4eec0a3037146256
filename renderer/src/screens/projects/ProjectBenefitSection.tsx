// 受益对象 (villages, households and people with their 脱贫/监测 parts, each part not above its whole) and
// 绩效目标与联农带农 (绩效目标 is the section's plain field).
import { Form, Input, InputNumber, Select } from 'antd';
import { FARMER_LINKAGES } from '../../../../shared/enums';
import { projectFieldMax } from '../../../../shared/projects/fields';
import type { MoneyUnit } from '../../../../shared/money';
import { PlainFieldItems } from './PlainFields';
import { bankRule, hasText, labelOf, maxRule, notAbove, type BankGate, type Values } from './projectFormValues';

export function ProjectBenefitSection({ bank, enteringBank, unit }: BankGate & { unit: MoneyUnit }) {
  return (
    <>
      <div className="section-title">受益对象</div>
      <div className="form-grid form-grid-4">
        <CountItem
          name="villages"
          label={labelOf('beneficiaryVillages')}
          unitLabel="村"
          required={bank}
          rules={[bankRule(enteringBank, '入库项目须填写受益对象（受益村数、户数或人数）', (v, get) => (Number(v) || 0) > 0 || (Number(get('households')) || 0) > 0 || (Number(get('people')) || 0) > 0)]}
          dependencies={['status', 'households', 'people']}
        />
        <CountItem name="households" label={labelOf('households')} unitLabel="户" />
        <CountItem name="povertyHouseholds" label={labelOf('povertyHouseholds')} unitLabel="户" dependencies={['households']} rules={[notAbove('povertyHouseholds', 'households')]} />
        <CountItem name="monitoredHouseholds" label={labelOf('monitoredHouseholds')} unitLabel="户" dependencies={['households']} rules={[notAbove('monitoredHouseholds', 'households')]} />
        <span />
        <CountItem name="people" label={labelOf('people')} unitLabel="人" />
        <CountItem name="povertyPeople" label={labelOf('povertyPeople')} unitLabel="人" dependencies={['people']} rules={[notAbove('povertyPeople', 'people')]} />
        <CountItem name="monitoredPeople" label={labelOf('monitoredPeople')} unitLabel="人" dependencies={['people']} rules={[notAbove('monitoredPeople', 'people')]} />
      </div>

      <div className="section-title">绩效目标与联农带农</div>
      <div className="form-grid">
        <PlainFieldItems section="benefit" bank={bank} enteringBank={enteringBank} unit={unit} />
        <Form.Item
          name="farmerLinkage"
          label={labelOf('farmerLinkage')}
          className="span-2"
          required={bank}
          dependencies={['status', 'farmerLinkageNote']}
          rules={[bankRule(enteringBank, '入库项目须选择联农带农方式（或填写说明）', (v, get) => (Array.isArray(v) && v.length > 0) || hasText(get('farmerLinkageNote')))]}
        >
          <Select<string[]>
            mode="multiple"
            allowClear
            options={FARMER_LINKAGES.map((w) => ({ value: w, label: w }))}
            placeholder="可多选"
            data-testid="project-field-farmerLinkage"
          />
        </Form.Item>
        <Form.Item name="farmerLinkageNote" label={labelOf('farmerLinkageNote')} rules={[maxRule('farmerLinkageNote')]}>
          <Input maxLength={projectFieldMax('farmerLinkageNote')} placeholder="如 带动 50 户务工增收" data-testid="project-field-farmerLinkageNote" />
        </Form.Item>
      </div>
    </>
  );
}

/** A count (户, 人, 村) from 0 to 1000 万. */
function CountItem({
  name,
  label,
  unitLabel,
  rules = [],
  dependencies,
  required,
}: {
  name: keyof Values;
  label: string;
  unitLabel: string;
  rules?: Array<ReturnType<typeof notAbove> | ReturnType<typeof bankRule>>;
  dependencies?: Array<keyof Values>;
  required?: boolean;
}) {
  return (
    <Form.Item
      name={name}
      label={label}
      dependencies={dependencies}
      required={required}
      rules={[{ type: 'number', min: 0, max: 10_000_000, message: `${label}应在 0 到 1000 万之间` }, ...rules]}
    >
      <InputNumber<number> min={0} max={10_000_000} precision={0} controls={false} suffix={unitLabel} style={{ width: '100%' }} data-testid={`project-field-${name}`} />
    </Form.Item>
  );
}

