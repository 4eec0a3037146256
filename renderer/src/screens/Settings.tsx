// 设置: office name (the bulletins' 编发单位), county name, operator name; which ledger file is open (always shown).
import { SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import type { SettingsValue } from '../../../shared/api';
import { call } from '../api/client';
import { NEEDS_ROLE_HINT, useAppState, useCan } from '../lib/appState';
import { errorText, showCallError } from '../lib/errors';
import { enterMovesToNext, useShortcut } from '../lib/shortcuts';
import { OperatorsPanel } from './operators/OperatorsPanel';
import { BackupSection } from './backup/BackupSection';
import { DataLocation } from './DataLocation';
import { LedgerLocationForm } from './LedgerLocationForm';
import { TemplateDownloads } from './export/TemplateDownloads';
import { TimeProgressSetting } from './funds/TimeProgressSetting';

type Editable = Pick<SettingsValue, 'officeName' | 'countyName' | 'operatorName'>;
const EDITABLE: Array<keyof Editable> = ['officeName', 'countyName', 'operatorName'];

export function SettingsScreen() {
  const { message } = AntApp.useApp();
  const { setSettings, dataVersion } = useAppState();
  const [form] = Form.useForm<SettingsValue>();
  const [saving, setSaving] = useState(false);
  const [loaded, setLoaded] = useState<SettingsValue | null>(null);
  const mayEdit = useCan()('settings.update');

  useEffect(() => {
    let live = true;
    call('settings.get', {})
      .then((value) => {
        if (!live) return;
        setLoaded(value);
        form.setFieldsValue(value);
      })
      .catch((error: unknown) => message.error(errorText(error), 6));
    return () => {
      live = false;
    };
  }, [form, message, dataVersion]);

  const save = async (values: SettingsValue) => {
    setSaving(true);
    try {
      const input: Editable = { officeName: values.officeName ?? '', countyName: values.countyName ?? '', operatorName: values.operatorName ?? '' };
      const saved = await call('settings.update', input);
      setLoaded(saved);
      setSettings(saved);
      form.setFieldsValue(saved);
      message.success('设置已保存');
    } catch (error) {
      showCallError(error, message, form, EDITABLE);
    } finally {
      setSaving(false);
    }
  };

  useShortcut('s', () => form.submit(), mayEdit);

  return (
    <div className="screen-panel" style={{ maxWidth: 920 }} data-testid="settings-screen">
      <div className="section-title" style={{ marginTop: 4 }}>
        基本信息
      </div>
      <Form<SettingsValue>
        form={form}
        layout="horizontal"
        labelCol={{ flex: '110px' }}
        wrapperCol={{ flex: 'auto' }}
        onFinish={(values) => void save(values)}
        onKeyDownCapture={enterMovesToNext(() => form.submit())}
        disabled={!loaded || !mayEdit}
      >
        <Form.Item name="officeName" label="单位名称" extra="显示在窗口左上角，也是督导简报的编发单位，例如 青山县乡村振兴局。">
          <Input maxLength={60} placeholder="例如 青山县乡村振兴局" data-testid="settings-officeName" />
        </Form.Item>
        <Form.Item name="countyName" label="县名">
          <Input maxLength={30} placeholder="例如 青山县" data-testid="settings-countyName" />
        </Form.Item>
        <Form.Item name="operatorName" label="操作员姓名" extra="单人模式下记入每一次修改的操作记录；多人模式下记登录的操作员。">
          <Input maxLength={30} placeholder="填写本机使用人的姓名" data-testid="settings-operatorName" />
        </Form.Item>

        <Form.Item label=" " colon={false} style={{ marginBottom: 0 }}>
          <Tooltip title={mayEdit ? undefined : NEEDS_ROLE_HINT.admin}>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="settings-save">
              保存
            </Button>
          </Tooltip>
          <span className="field-hint" style={{ marginLeft: 12 }}>
            快捷键 Ctrl+S
          </span>
        </Form.Item>
      </Form>

      <div className="section-title">数据存放</div>
      <DataLocation refresh={dataVersion} />
      <div style={{ marginTop: 16 }}>
        <LedgerLocationForm />
      </div>

      <div className="section-title">资金进度</div>
      <TimeProgressSetting />
      <div className="section-title">操作员</div>
      <OperatorsPanel />
      <BackupSection />
      <div className="section-title">导入模板</div>
      <TemplateDownloads />
    </div>
  );
}
