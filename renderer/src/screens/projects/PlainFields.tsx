// The plain fields of the project form (shared/projects/fields.ts `plain`), each drawn from its entry alone:
// its label, limit, input and placeholder, its date rules and the 入库 requirement that names it. A custom
// section places them where it renders PlainFieldItems; a section with no component of its own is a
// PlainSection: its title and its plain fields.
import { Form, Input, Select } from 'antd';
import type { MoneyUnit } from '../../../../shared/money';
import { BANK_REQUIREMENTS } from '../../../../shared/projects';
import { plainFieldsOfSection, projectFieldMax, type PlainProjectField, type ProjectFieldDef, type ProjectFormSection } from '../../../../shared/projects/fields';
import { DATE_ORDER, type DateOrderEnd } from '../../../../shared/projects/rules';
import { DateInput } from '../../components/DateInput';
import { dateRule } from './common';
import { factsOf, labelOf, maxRule, notBefore, type BankGate, type Values } from './projectFormValues';

interface Props extends BankGate {
  section: ProjectFormSection;
  /** The money unit of the form (the 入库 requirement reads the facts as the service would get them). */
  unit: MoneyUnit;
}

export function PlainFieldItems({ section, ...gate }: Props) {
  return (
    <>
      {plainFieldsOfSection(section).map(([key, f]) => (
        <PlainFieldItem key={key} name={key} f={f} {...gate} />
      ))}
    </>
  );
}

export function PlainSection({ section, title, hint, ...gate }: Props & { title: string; hint?: string }) {
  return (
    <>
      {hint ? (
        <div className="section-title section-with-tools">
          <span>{title}</span>
          <span className="section-tools field-hint">{hint}</span>
        </div>
      ) : (
        <div className="section-title">{title}</div>
      )}
      <div className="form-grid">
        <PlainFieldItems section={section} {...gate} />
      </div>
    </>
  );
}

/** The start an end date may not precede (undefined for a field that is no end date). */
const startOf = (key: string): string | undefined => (DATE_ORDER as Readonly<Record<string, { start: string }>>)[key]?.start;

function PlainFieldItem({ name, f, bank, enteringBank, unit }: { name: PlainProjectField; f: ProjectFieldDef & Required<Pick<ProjectFieldDef, 'plain'>> } & Omit<Props, 'section'>) {
  const { value, form } = f.plain;
  const requirement = BANK_REQUIREMENTS.find((r) => r.field === name);
  const testId = `project-field-${name}`;
  const start = startOf(name);
  const max = f.max !== undefined ? projectFieldMax(name) : undefined;
  const rules = [
    ...(value.kind === 'day' ? [dateRule(f.label, 'day')] : []),
    ...(requirement
      ? [
          ({ getFieldsValue }: { getFieldsValue: (all: true) => unknown }) => ({
            validator: async () => {
              const values = getFieldsValue(true) as Values;
              if (enteringBank(values.status) && !requirement.met(factsOf(values, unit))) throw new Error(`入库项目须填写${requirement.label}`);
            },
          }),
        ]
      : []),
    ...(max !== undefined ? [maxRule(name)] : []),
    ...(start !== undefined ? [notBefore(name as DateOrderEnd)] : []),
  ];
  const dependencies = [
    ...(requirement ? ['status', ...(form ? plainFieldsOfSection(form.section).map(([k]) => k).filter((k) => k !== name) : [])] : []),
    ...(start !== undefined ? [start] : []),
  ];
  const input =
    form?.input === 'textarea' ? (
      <Input.TextArea maxLength={max} autoSize={{ minRows: form.rows?.[0] ?? 1, maxRows: form.rows?.[1] ?? 4 }} placeholder={form.placeholder} data-testid={testId} />
    ) : form?.input === 'day' ? (
      <DateInput precision="day" placeholder={form.placeholder} testId={testId} />
    ) : form?.input === 'select' && value.kind === 'choice' ? (
      <Select<string>
        allowClear
        options={value.choices.values.map((c) => ({ value: c, label: value.choices.label[c] }))}
        placeholder={form.placeholder}
        data-testid={testId}
      />
    ) : (
      <Input maxLength={max} placeholder={form?.placeholder} data-testid={testId} />
    );
  return (
    <Form.Item
      name={name}
      label={labelOf(name)}
      {...(form?.span ? { className: `span-${form.span}` } : {})}
      {...(requirement ? { required: bank } : {})}
      {...(dependencies.length > 0 ? { dependencies } : {})}
      rules={rules}
    >
      {input}
    </Form.Item>
  );
}
