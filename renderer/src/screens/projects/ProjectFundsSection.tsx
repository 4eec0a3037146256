// 资金规模与来源: the funds by source level in the chosen unit (万元 or 元), their live total, 其他资金说明 and
// the section's plain fields (筹资方式). Amounts are parsed exactly (whole fen) by the shared money rules.
import { Form, Input } from 'antd';
import { formatMoney, type MoneyUnit } from '../../../../shared/money';
import { projectFieldMax } from '../../../../shared/projects/fields';
import { moneyRule, textToFen, UnitSwitch } from './common';
import { PlainFieldItems } from './PlainFields';
import { bankRule, FUND_FIELDS, labelOf, maxRule, type BankGate, type Values } from './projectFormValues';

interface Props extends BankGate {
  unit: MoneyUnit;
  /** The unit the money rules read at validation time (it changes before a re-render). */
  currentUnit: () => MoneyUnit;
  switchUnit: (next: MoneyUnit) => void;
}

export function ProjectFundsSection({ bank, enteringBank, unit, currentUnit, switchUnit }: Props) {
  const form = Form.useFormInstance<Values>();
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const fundsFen = FUND_FIELDS.map((f) => textToFen(values?.[f], unit));
  const totalFen = fundsFen.reduce<number>((sum, fen) => sum + (fen ?? 0), 0);
  const badMoney = fundsFen.some((fen) => fen === null);

  return (
    <>
      <div className="section-title section-with-tools">
        <span>资金规模与来源</span>
        <span className="section-tools">
          <span className="field-hint">金额单位</span>
          <UnitSwitch value={unit} onChange={switchUnit} testId="project-unit-switch" />
        </span>
      </div>
      <div className="form-grid">
        {FUND_FIELDS.map((f, i) => (
          <Form.Item
            key={f}
            name={f}
            label={labelOf(f)}
            required={bank && i === 0}
            dependencies={i === 0 ? ['status', ...FUND_FIELDS.slice(1)] : undefined}
            rules={[
              moneyRule(labelOf(f), currentUnit),
              ...(i === 0
                ? [
                    bankRule(enteringBank, '入库项目须填写资金规模（各级资金合计大于 0）', (_v, get) =>
                      FUND_FIELDS.some((g) => (textToFen(get(g) as string | undefined, currentUnit()) ?? 0) > 0),
                    ),
                  ]
                : []),
            ]}
          >
            <Input
              inputMode="decimal"
              autoComplete="off"
              className="mono money-input"
              suffix={<span className="unit-suffix">{unit === 'wan' ? '万元' : '元'}</span>}
              placeholder="0"
              data-testid={`project-field-${f}`}
            />
          </Form.Item>
        ))}
        <Form.Item label="资金规模合计">
          <div className="fund-total" data-testid="project-fund-total">
            <b className="mono">{formatMoney(totalFen, unit)}</b> {unit === 'wan' ? '万元' : '元'}
            <span className="cell-muted"> 合 {unit === 'wan' ? `${formatMoney(totalFen, 'yuan')} 元` : `${formatMoney(totalFen, 'wan')} 万元`}</span>
            {badMoney ? <span className="warn-text">有金额未填对</span> : null}
          </div>
        </Form.Item>
        <Form.Item name="fundOtherNote" label={labelOf('fundOtherNote')} className="span-2" rules={[maxRule('fundOtherNote')]}>
          <Input maxLength={projectFieldMax('fundOtherNote')} placeholder="整合资金、东西部协作、定点帮扶、社会捐赠、群众自筹…" data-testid="project-field-fundOtherNote" />
        </Form.Item>
        <PlainFieldItems section="funds" bank={bank} enteringBank={enteringBank} unit={unit} />
      </div>
    </>
  );
}
