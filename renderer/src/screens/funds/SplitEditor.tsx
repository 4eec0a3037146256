// 分配到项目: the projects an allocation funds, with amounts, and the live 剩余 (allocation − splits).
// The service has the last word: a split above the allocation is refused, and that message is shown here.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import type { MoneyUnit } from '../../../../shared/money';
import { formatFen, parseMoneyToFen } from '../../../../shared/money';
import { ProjectSelect, type ProjectChoice } from './common';

export interface SplitLine {
  key: string;
  projectId: number | null;
  amountText: string;
}

let nextKey = 1;
export function newSplitLine(projectId: number | null = null, amountText = ''): SplitLine {
  nextKey += 1;
  return { key: `s${nextKey}`, projectId, amountText };
}

export interface SplitProblem {
  index: number;
  message: string;
}

/** Check the lines as a clerk typed them; the amounts in fen of those that are complete. */
export function checkSplitLines(lines: readonly SplitLine[], unit: MoneyUnit): { splits: Array<{ projectId: number; amountFen: number }>; problems: SplitProblem[] } {
  const splits: Array<{ projectId: number; amountFen: number }> = [];
  const problems: SplitProblem[] = [];
  const seen = new Set<number>();
  lines.forEach((line, index) => {
    const empty = line.projectId === null && line.amountText.trim() === '';
    if (empty) return;
    if (line.projectId === null) {
      problems.push({ index, message: `第 ${index + 1} 行：请选择项目` });
      return;
    }
    if (seen.has(line.projectId)) {
      problems.push({ index, message: `第 ${index + 1} 行：项目重复，请合并为一行` });
      return;
    }
    seen.add(line.projectId);
    if (line.amountText.trim() === '') {
      problems.push({ index, message: `第 ${index + 1} 行：请填写分配金额` });
      return;
    }
    try {
      splits.push({ projectId: line.projectId, amountFen: parseMoneyToFen(line.amountText, unit) });
    } catch (error) {
      problems.push({ index, message: `第 ${index + 1} 行：${error instanceof Error ? error.message : '金额无效'}` });
    }
  });
  return { splits, problems };
}

interface Props {
  value?: SplitLine[];
  onChange?: (lines: SplitLine[]) => void;
  unit: MoneyUnit;
  /** The allocation's amount as typed (null while it is not a valid amount). */
  allocationFen: number | null;
  known: readonly ProjectChoice[];
  /** Rows the service or the checks named (highlighted). */
  badRows?: readonly number[];
}

export function SplitEditor({ value, onChange, unit, allocationFen, known, badRows = [] }: Props) {
  const lines = value ?? [];
  const unitLabel = unit === 'wan' ? '万元' : '元';
  const update = (index: number, patch: Partial<SplitLine>) => onChange?.(lines.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  const remove = (index: number) => onChange?.(lines.filter((_, i) => i !== index));
  const add = () => onChange?.([...lines, newSplitLine()]);

  const { splits } = checkSplitLines(lines, unit);
  const splitFen = splits.reduce((s, x) => s + x.amountFen, 0);
  const remaining = allocationFen === null ? null : allocationFen - splitFen;

  return (
    <div className="funds-split-editor" data-testid="split-editor">
      <table className="funds-split-table">
        <colgroup>
          <col style={{ width: 48 }} />
          <col />
          <col style={{ width: 170 }} />
          <col style={{ width: 40 }} />
        </colgroup>
        <thead>
          <tr>
            <th>序号</th>
            <th>项目</th>
            <th>分配金额（{unitLabel}）</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {lines.length === 0 ? (
            <tr>
              <td colSpan={4} className="funds-split-empty">
                尚未分配到项目。点击“添加项目”，选择本文件资金支持的项目并填写金额。
              </td>
            </tr>
          ) : null}
          {lines.map((line, index) => (
            <tr key={line.key} className={badRows.includes(index) ? 'funds-split-bad' : undefined} data-testid={`split-row-${index}`}>
              <td className="funds-split-index">{index + 1}</td>
              <td>
                <ProjectSelect
                  value={line.projectId}
                  onChange={(id) => update(index, { projectId: id })}
                  known={known}
                  status={badRows.includes(index) ? 'error' : ''}
                  testId={`split-project-${index}`}
                  autoFocus={line.projectId === null && index === lines.length - 1}
                />
              </td>
              <td>
                <Input
                  value={line.amountText}
                  onChange={(e) => update(index, { amountText: e.target.value })}
                  className="mono funds-amount-input"
                  inputMode="decimal"
                  autoComplete="off"
                  status={badRows.includes(index) ? 'error' : ''}
                  placeholder={unit === 'wan' ? '万元' : '元'}
                  data-testid={`split-amount-${index}`}
                />
              </td>
              <td>
                <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => remove(index)} title="移除这一行" data-testid={`split-remove-${index}`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="funds-split-footer">
        <Button size="small" icon={<PlusOutlined />} onClick={add} data-testid="split-add">
          添加项目
        </Button>
        <span className="spacer" />
        <span>
          已分配 <b className="mono">{formatFen(splitFen, unit)}</b> {unitLabel}
        </span>
        <span data-testid="split-remaining">
          {remaining === null ? (
            '剩余 —'
          ) : remaining >= 0 ? (
            <>
              剩余可分配 <b className="mono funds-ok">{formatFen(remaining, unit)}</b> {unitLabel}
            </>
          ) : (
            <>
              超出下达金额 <b className="mono funds-bad">{formatFen(-remaining, unit)}</b> {unitLabel}
            </>
          )}
        </span>
      </div>
    </div>
  );
}
