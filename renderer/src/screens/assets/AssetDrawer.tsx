// The asset drawer: every field of a 扶贫项目资产 (DOMAIN.md) in a form (AssetFields.tsx), money typed in 元 or
// 万元 and parsed exactly, and the asset's yearly income records (AssetIncomes.tsx, one per year) with the
// 收益率 against the configured minimum. What it does on open, save and delete is in useAssetDrawer.ts.
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Drawer, Form, Spin } from 'antd';
import { useState } from 'react';
import { call } from '../../api/client';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { useUnsavedGuard } from '../../lib/unsavedChanges';
import { ReasonModal, type ReasonRequest, type ReferenceData } from '../projects/common';
import '../projects/projects.css';
import { AssetInfoFields, AssetRightsFields } from './AssetFields';
import { AssetIncomes } from './AssetIncomes';
import { EMPTY, type AssetDrawerTarget, type AssetValues, type IncomeValues } from './assetValues';
import { StaleSaveBanner } from '../../lib/staleSave';
import { switchUnitOf, useAssetDetail, useAssetSave, useIncomeSave } from './useAssetDrawer';

export type { AssetDrawerTarget };
export { RateCell } from './AssetIncomes';

interface Props {
  target: AssetDrawerTarget | null;
  reference: ReferenceData;
  onClose: () => void;
  /** After a save, an income record or a delete: the list shows the change. */
  onChanged: () => void;
}

export function AssetDrawer({ target, reference, onClose, onChanged }: Props) {
  const [form] = Form.useForm<AssetValues>();
  const [incomeForm] = Form.useForm<IncomeValues>();
  const [reason, setReason] = useState<ReasonRequest | null>(null);
  const open = target !== null;
  const { guard, markClean } = useUnsavedGuard([form, incomeForm]);
  const close = () => guard(onClose);
  const deps = { target, onClose, onChanged, markClean };

  const { asset, unit, incomeUnit } = useAssetDetail(deps, form, incomeForm);
  const detail = asset.data;
  const { saving, save, stale } = useAssetSave(deps, form, unit, asset);
  const income = useIncomeSave(deps, asset, incomeForm, incomeUnit);
  const askDelete = useAskDelete(deps, setReason);

  useShortcut('s', () => form.submit(), open && reason === null);

  return (
    <Drawer
      open={open}
      title={!target ? '' : target.kind === 'new' ? '新增资产' : detail ? `编辑资产：${detail.name}` : '编辑资产'}
      size={980}
      onClose={close}
      mask={{ closable: false }}
      destroyOnHidden
      className="project-drawer"
      footer={
        <div className="drawer-footer">
          {detail ? (
            <Button danger icon={<DeleteOutlined />} onClick={() => askDelete(detail)} data-testid="asset-delete">
              删除资产
            </Button>
          ) : null}
          <span className="spacer" />
          <span className="field-hint">Enter 下一项 · Ctrl+S 保存</span>
          <Button onClick={close} data-testid="asset-cancel">
            取消
          </Button>
          <Button type="primary" icon={<SaveOutlined />} loading={saving} disabled={asset.loading} onClick={() => form.submit()} data-testid="asset-save">
            保存
          </Button>
        </div>
      }
    >
      <Spin spinning={asset.loading}>
        <Form<AssetValues>
          form={form}
          name="asset"
          layout="horizontal"
          labelCol={{ flex: '100px' }}
          wrapperCol={{ flex: 'auto' }}
          labelWrap
          colon={false}
          initialValues={EMPTY}
          onFinish={(v) => void save(v)}
          onFinishFailed={({ errorFields }) => {
            const first = errorFields[0];
            if (first) form.scrollToField(first.name, { block: 'center' });
          }}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          data-testid="asset-form"
        >
          {stale ? <StaleSaveBanner stale={stale} testId="asset-stale" /> : null}
          <AssetInfoFields
            form={form}
            reference={reference}
            detail={detail}
            isNew={target?.kind === 'new'}
            unit={unit.unit}
            unitNow={unit.now}
            onUnit={switchUnitOf(form, 'originalValue', unit, true)}
          />
          <AssetRightsFields />
        </Form>

        {detail ? (
          <AssetIncomes
            detail={detail}
            form={incomeForm}
            saving={income.saving}
            onSave={(v) => void income.save(v)}
            unit={incomeUnit.unit}
            unitNow={incomeUnit.now}
            onUnit={switchUnitOf(incomeForm, 'income', incomeUnit, false)}
          />
        ) : null}
      </Spin>
      <ReasonModal request={reason} onClose={() => setReason(null)} />
    </Drawer>
  );
}

/** 删除资产 asks for a reason (kept in the operation record) before the soft delete. */
function useAskDelete({ onChanged, onClose }: { onChanged: () => void; onClose: () => void }, ask: (request: ReasonRequest) => void) {
  const { message } = AntApp.useApp();
  return (detail: { id: number; name: string }) =>
    ask({
      title: `删除资产“${detail.name}”`,
      description: '删除后资产不再出现在资产台账中，操作记录保留删除前的全部内容。请填写删除原因：',
      okText: '删除',
      danger: true,
      run: async (text) => {
        await call('assets.delete', { id: detail.id, reason: text });
        message.success(`已删除资产“${detail.name}”`);
        onChanged();
        onClose();
      },
    });
}
