// 设置 → 资金进度: how 序时进度 is counted (ledgerSettings.timeProgressRule). 按日 by default; 按整月 for offices
// that report at month ends. The rule's words come from shared/progress.ts, as everywhere 序时进度 is shown.
import { App as AntApp, Radio, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { localToday } from '../../../../shared/dates';
import { TIME_PROGRESS_RULE, timeProgressPercent, type TimeProgressRule } from '../../../../shared/progress';
import { call } from '../../api/client';
import { NEEDS_ROLE_HINT, useAppState, useCan } from '../../lib/appState';
import { errorText } from '../../lib/errors';

export function TimeProgressSetting() {
  const { message } = AntApp.useApp();
  const { dataVersion } = useAppState();
  const mayEdit = useCan()('ledgerSettings.update');
  const [rule, setRule] = useState<TimeProgressRule | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    call('ledgerSettings.get', {})
      .then((s) => live && setRule(s.timeProgressRule))
      .catch((error: unknown) => message.error(errorText(error), 6));
    return () => {
      live = false;
    };
  }, [message, dataVersion]);

  const today = localToday();
  const year = Number(today.slice(0, 4));
  const save = async (next: TimeProgressRule) => {
    setSaving(true);
    try {
      const saved = await call('ledgerSettings.update', { timeProgressRule: next });
      setRule(saved.timeProgressRule);
      message.success(`序时进度已改为${TIME_PROGRESS_RULE.label[saved.timeProgressRule]}`);
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="screen-panel" data-testid="settings-time-rule">
      <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
        <div style={{ flex: '0 0 110px', textAlign: 'right', paddingTop: 4 }}>序时进度计算：</div>
        <Tooltip title={mayEdit ? undefined : NEEDS_ROLE_HINT.admin}>
          <Radio.Group value={rule} disabled={rule === null || saving || !mayEdit} onChange={(e) => void save(e.target.value as TimeProgressRule)}>
            {TIME_PROGRESS_RULE.values.map((r) => (
              <Radio key={r} value={r} style={{ display: 'flex', marginBottom: 6 }} data-testid={`settings-time-rule-${r}`}>
                <b>{TIME_PROGRESS_RULE.label[r]}</b>
                <span className="field-hint" style={{ marginLeft: 8 }}>
                  {TIME_PROGRESS_RULE.formula[r]}（今天 {timeProgressPercent(today, year, r).toFixed(1)}%）
                </span>
              </Radio>
            ))}
          </Radio.Group>
        </Tooltip>
      </div>
      <div className="field-hint" style={{ marginLeft: 126 }}>
        按日：截至日当天计为已过，例如 12月2日 为 336 ÷ 365 = 92.1%。按整月：只计已满的月份，截至10月31日（10月底）为 83.3%，10月1日为 75.0%，适合月末报送的单位。
        资金进度、首页和简报附表都按这里的选择计算。
      </div>
    </div>
  );
}
