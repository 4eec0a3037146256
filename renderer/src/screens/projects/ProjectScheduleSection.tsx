// 进度 (planned and actual dates, day or month, each end not before its start) and 备注.
import { Form, Input } from 'antd';
import { DateInput } from '../../components/DateInput';
import { PROJECT_FIELD, projectFieldMax } from '../../../../shared/projects/fields';
import { dateRule } from './common';
import { bankRule, hasText, labelOf, maxRule, notBefore, type BankGate } from './projectFormValues';

export function ProjectScheduleSection({ bank, enteringBank }: BankGate) {
  return (
    <>
      <div className="section-title section-with-tools">
        <span>进度</span>
        <span className="section-tools field-hint">日期按 2024-03-05 填写，只知道月份时填 2024-03；2024/3/5、2024年3月5日 也可</span>
      </div>
      <div className="form-grid form-grid-4">
        <Form.Item
          name="plannedStart"
          label={labelOf('plannedStart')}
          required={bank}
          dependencies={['status']}
          rules={[dateRule(PROJECT_FIELD.plannedStart.label), bankRule(enteringBank, '入库项目须填写计划开工日期', hasText)]}
        >
          <DateInput testId="project-field-plannedStart" />
        </Form.Item>
        <Form.Item
          name="plannedEnd"
          label={labelOf('plannedEnd')}
          required={bank}
          dependencies={['status', 'plannedStart']}
          rules={[dateRule(PROJECT_FIELD.plannedEnd.label), bankRule(enteringBank, '入库项目须填写计划完工日期', hasText), notBefore('plannedEnd')]}
        >
          <DateInput testId="project-field-plannedEnd" />
        </Form.Item>
        <Form.Item name="actualStart" label={labelOf('actualStart')} rules={[dateRule(PROJECT_FIELD.actualStart.label)]}>
          <DateInput testId="project-field-actualStart" />
        </Form.Item>
        <Form.Item
          name="actualEnd"
          label={labelOf('actualEnd')}
          dependencies={['actualStart']}
          rules={[dateRule(PROJECT_FIELD.actualEnd.label), notBefore('actualEnd')]}
        >
          <DateInput testId="project-field-actualEnd" />
        </Form.Item>
      </div>
      <div className="form-grid">
        <Form.Item name="remark" label={labelOf('remark')} className="span-3" rules={[maxRule('remark')]}>
          <Input.TextArea maxLength={projectFieldMax('remark')} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="project-field-remark" />
        </Form.Item>
      </div>
    </>
  );
}
