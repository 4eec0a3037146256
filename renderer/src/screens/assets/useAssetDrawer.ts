// What the asset drawer does, apart from how it looks: read the asset when the drawer opens on it (only the
// newest read counts; a failed read closes the drawer), save the form, record a year's income, switch the
// money unit of either form. The service's refusals are shown at the field they name.
import { App as AntApp, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import type { AssetDetail } from '../../../../shared/api';
import { officeYear } from '../../../../shared/dates';
import { writtenUnit, type MoneyUnit } from '../../../../shared/money';
import { call } from '../../api/client';
import { showCallError } from '../../lib/errors';
import { afterStaleSave, type StaleSave } from '../../lib/staleSave';
import { useChannel } from '../../lib/useChannel';
import { useMoneyUnit, type MoneyUnitState } from '../../lib/useMoneyUnit';
import type { UnsavedGuard } from '../../lib/unsavedChanges';
import { convertMoneyText, textToFen } from '../projects/common';
import { EMPTY, fieldMap, FORM_FIELDS, inputOf, textOrNull, valuesOf, type AssetDrawerTarget, type AssetValues, type IncomeValues } from './assetValues';

interface DrawerDeps {
  target: AssetDrawerTarget | null;
  onClose: () => void;
  onChanged: () => void;
  markClean: UnsavedGuard['markClean'];
}

/** The forms, the asset as read, and the units; (re)filled whenever the drawer opens on a target. */
export function useAssetDetail({ target, onClose, markClean }: Pick<DrawerDeps, 'target' | 'onClose' | 'markClean'>, form: FormInstance<AssetValues>, incomeForm: FormInstance<IncomeValues>) {
  const asset = useChannel<AssetDetail>();
  const unit = useMoneyUnit('wan');
  const incomeUnit = useMoneyUnit('yuan');
  const { run, drop, reset } = asset;

  useEffect(() => {
    if (!target) {
      drop();
      return;
    }
    reset();
    form.resetFields();
    incomeForm.resetFields();
    unit.set('wan');
    if (target.kind === 'new') {
      form.setFieldsValue(EMPTY);
      markClean();
      return;
    }
    void run(
      () => call('assets.get', { id: target.id }),
      (a) => {
        // 原值 in the unit the office writes it: 万元 while whole 元, else 元.
        const shown = writtenUnit([a.originalValueFen]);
        unit.set(shown);
        form.setFieldsValue(valuesOf(a, shown));
        incomeForm.setFieldsValue({ year: officeYear() - 1, income: '', distribution: '', remark: '' });
        markClean();
      },
      () => onClose(),
    );
    // Only when the drawer opens on a target.
  }, [target]);

  return { asset, unit, incomeUnit };
}

/** Switch a form's money field to the other unit, converting what is typed (exactly, in fen). */
export function switchUnitOf(form: FormInstance, field: string, unit: MoneyUnitState, validate: boolean) {
  return (next: MoneyUnit) => {
    const text = form.getFieldValue(field) as string | undefined;
    form.setFieldValue(field, convertMoneyText(text, unit.now(), next));
    unit.set(next);
    if (validate) void form.validateFields([field]).catch(() => undefined);
  };
}

export function useAssetSave(
  { target, onClose, onChanged }: DrawerDeps,
  form: FormInstance<AssetValues>,
  unit: MoneyUnitState,
  asset: { data: AssetDetail | null; setData: (a: AssetDetail) => void },
) {
  const { message } = AntApp.useApp();
  const [saving, setSaving] = useState(false);
  const [stale, setStale] = useState<StaleSave | null>(null);
  useEffect(() => setStale(null), [target]);
  const save = async (v: AssetValues) => {
    if (!target) return;
    setSaving(true);
    try {
      const input = inputOf(v, unit.now());
      const loaded = asset.data;
      if (target.kind === 'edit' && !loaded) return;
      const saved = target.kind === 'new' || !loaded ? await call('assets.create', input) : await call('assets.update', { id: target.id, version: loaded.version, ...input });
      message.success(target.kind === 'new' ? `已新增资产“${saved.name}”` : `已保存“${saved.name}”`);
      onChanged();
      onClose();
    } catch (error) {
      // Another clerk saved this 资产 first: show theirs, keep what was typed; the next save goes from theirs.
      const refused = await afterStaleSave(error, 'asset', asset.data, (a) => call('assets.get', { id: a.id }));
      if (refused) {
        setStale(refused.stale);
        asset.setData(refused.newer);
      } else {
        showCallError(error, message, form, FORM_FIELDS, fieldMap(error));
      }
    } finally {
      setSaving(false);
    }
  };
  return { saving, save, stale };
}

export function useIncomeSave(
  { onChanged, markClean }: DrawerDeps,
  asset: { data: AssetDetail | null; setData: (a: AssetDetail) => void },
  incomeForm: FormInstance<IncomeValues>,
  incomeUnit: MoneyUnitState,
) {
  const { message } = AntApp.useApp();
  const [saving, setSaving] = useState(false);
  const detail = asset.data;
  const save = async (v: IncomeValues) => {
    if (!detail || v.year === null) return;
    setSaving(true);
    try {
      const updated = await call('assetIncomes.upsert', {
        assetId: detail.id,
        year: v.year,
        incomeFen: textToFen(v.income, incomeUnit.now()) ?? 0,
        distribution: textOrNull(v.distribution),
        remark: textOrNull(v.remark),
      });
      asset.setData(updated);
      message.success(`已记录 ${v.year} 年收益`);
      incomeForm.setFieldsValue({ income: '', distribution: '', remark: '' });
      markClean(incomeForm);
      onChanged();
    } catch (error) {
      showCallError(error, message, incomeForm, ['year', 'income', 'distribution', 'remark'], { incomeFen: 'income' });
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}
