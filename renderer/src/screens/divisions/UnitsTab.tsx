// 单位: county departments, township governments, assisting units and enterprises.
import { DeleteOutlined, EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Form, Input, Modal, Popconfirm, Select, Table, type ButtonProps, type InputRef, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DivisionRow, UnitRow } from '../../../../shared/api';
import { UnitKind } from '../../../../shared/enums';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText, showCallError } from '../../lib/errors';
import { enterMovesToNext, useShortcut } from '../../lib/shortcuts';
import { townshipOptions } from './DivisionForm';
import { useUnsavedGuard } from '../../lib/unsavedChanges';

interface Props {
  divisions: DivisionRow[];
  active: boolean;
}

interface Values {
  name: string;
  kind?: UnitKind;
  divisionId?: number | null;
  contactPerson?: string;
  phone?: string;
  remark?: string;
}

const FIELDS = ['name', 'kind', 'divisionId', 'contactPerson', 'phone', 'remark'];

export function UnitsTab({ divisions, active }: Props) {
  const { message, modal } = AntApp.useApp();
  const { dataVersion } = useAppState();
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState('');
  const [kindFilter, setKindFilter] = useState<UnitKind | null>(null);
  const [editing, setEditing] = useState<UnitRow | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<Values>();
  const searchRef = useRef<InputRef>(null);

  const divisionName = useMemo(() => new Map(divisions.map((d) => [d.id, d.name])), [divisions]);
  // A unit sits in a township, or at county level (县直部门); villages are not offered.
  const placeOptions = useMemo(
    () => [
      ...divisions.filter((d) => d.level === 'county').map((d) => ({ value: d.id, label: `${d.name}（县直）`, code: d.code })),
      ...townshipOptions(divisions),
    ],
    [divisions],
  );

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setUnits(await call('units.list', {}));
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setLoading(false);
    }
  }, [message]);

  useEffect(() => {
    void load();
  }, [load, dataVersion]);

  const { guard, markClean } = useUnsavedGuard(form);
  useEffect(() => {
    if (editing === null) return;
    form.resetFields();
    if (editing === 'new') form.setFieldsValue({ kind: kindFilter ?? undefined, divisionId: null });
    else
      form.setFieldsValue({
        name: editing.name,
        kind: editing.kind,
        divisionId: editing.divisionId,
        contactPerson: editing.contactPerson ?? '',
        phone: editing.phone ?? '',
        remark: editing.remark ?? '',
      });
    markClean();
  }, [editing, form, kindFilter, markClean]);

  useShortcut('f', () => searchRef.current?.focus({ cursor: 'all' }), active);
  useShortcut('s', () => form.submit(), active && editing !== null);

  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const kindRank = (kind: UnitKind) => UnitKind.values.indexOf(kind);
    return units
      .filter(
      (u) =>
        (kindFilter === null || u.kind === kindFilter) &&
        (!q ||
          u.name.toLowerCase().includes(q) ||
          (u.contactPerson ?? '').toLowerCase().includes(q) ||
          (u.phone ?? '').includes(q) ||
          (u.divisionId !== null && (divisionName.get(u.divisionId) ?? '').includes(q))),
      )
      .sort((a, b) => kindRank(a.kind) - kindRank(b.kind) || a.name.localeCompare(b.name, 'zh-CN'));
  }, [units, query, kindFilter, divisionName]);

  const save = async (values: Values) => {
    if (editing === null || !values.kind) return;
    setSaving(true);
    const input = {
      name: values.name.trim(),
      kind: values.kind,
      divisionId: values.divisionId ?? null,
      contactPerson: values.contactPerson?.trim() || null,
      phone: values.phone?.trim() || null,
      remark: values.remark?.trim() || null,
    };
    try {
      const row = editing === 'new' ? await call('units.create', input) : await call('units.update', { id: editing.id, ...input });
      message.success(editing === 'new' ? `已新增单位“${row.name}”` : `已保存“${row.name}”`);
      setEditing(null);
      await load();
    } catch (error) {
      showCallError(error, message, form, FIELDS);
    } finally {
      setSaving(false);
    }
  };

  const remove = async (row: UnitRow) => {
    try {
      await call('units.delete', { id: row.id });
      message.success(`已删除单位“${row.name}”`);
      await load();
    } catch (error) {
      modal.warning({ title: '不能删除', content: errorText(error), okText: '知道了' });
    }
  };

  const columns: TableColumnsType<UnitRow> = [
    { title: '名称', dataIndex: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
    {
      title: '类别',
      dataIndex: 'kind',
      width: 100,
      render: (kind: UnitKind) => UnitKind.label[kind],
      sorter: (a, b) => UnitKind.values.indexOf(a.kind) - UnitKind.values.indexOf(b.kind),
    },
    {
      title: '所属乡镇',
      dataIndex: 'divisionId',
      width: 130,
      render: (id: number | null) => (id === null ? '' : (divisionName.get(id) ?? '')),
    },
    { title: '联系人', dataIndex: 'contactPerson', width: 100 },
    { title: '电话', dataIndex: 'phone', width: 140, render: (phone: string | null) => <span className="mono">{phone}</span> },
    { title: '备注', dataIndex: 'remark', ellipsis: true },
    {
      title: '操作',
      key: 'actions',
      width: 140,
      render: (_: unknown, row) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(row)} data-testid="unit-edit">
            编辑
          </Button>
          <Popconfirm
            title={`删除单位“${row.name}”？`}
            description="仍是项目主管部门或实施单位的不能删除。"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={() => remove(row)}
          >
            <Button type="link" size="small" danger icon={<DeleteOutlined />} data-testid="unit-delete">
              删除
            </Button>
          </Popconfirm>
        </span>
      ),
    },
  ];

  return (
    <div>
      <div className="screen-toolbar">
        <Input
          ref={searchRef}
          allowClear
          prefix={<SearchOutlined style={{ color: '#8c96a3' }} />}
          placeholder="按名称、联系人、电话查找（Ctrl+F）"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          style={{ width: 280 }}
          data-testid="unit-search"
        />
        <Select<UnitKind | null>
          value={kindFilter}
          onChange={setKindFilter}
          style={{ width: 130 }}
          options={[{ value: null, label: '全部类别' }, ...UnitKind.options]}
          data-testid="unit-kind-filter"
        />
        <span className="field-hint">
          {shown.length === units.length ? `共 ${units.length} 个单位` : `显示 ${shown.length} / ${units.length} 个单位`}
        </span>
        <span className="spacer" />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="add-unit">
          新增单位
        </Button>
      </div>

      <div data-testid="unit-table">
        <Table<UnitRow>
          size="small"
          bordered
          rowKey="id"
          loading={loading}
          columns={columns}
          dataSource={shown}
          pagination={false}
          scroll={{ y: 'calc(100vh - 240px)' }}
          onRow={(row) => ({ onDoubleClick: () => setEditing(row) })}
          locale={{ emptyText: units.length === 0 ? '还没有单位，点击“新增单位”添加' : '没有找到匹配的单位' }}
        />
      </div>

      <Modal
        open={editing !== null}
        title={editing === 'new' ? '新增单位' : editing ? `编辑单位：${editing.name}` : ''}
        onCancel={() => guard(() => setEditing(null))}
        onOk={() => form.submit()}
        okText="保存"
        confirmLoading={saving}
        okButtonProps={{ 'data-testid': 'unit-submit' } as ButtonProps}
        mask={{ closable: false }}
        width={560}
      >
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: '86px' }}
          wrapperCol={{ flex: 'auto' }}
          onFinish={(values) => void save(values)}
          onKeyDownCapture={enterMovesToNext(() => form.submit())}
          style={{ marginTop: 12 }}
        >
          <Form.Item name="name" label="单位名称" rules={[{ required: true, whitespace: true, message: '请填写单位名称' }]}>
            <Input maxLength={60} placeholder="例如 县农业农村局" autoFocus data-testid="unit-name" />
          </Form.Item>
          <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择单位类别' }]}>
            <Select<UnitKind> options={UnitKind.options} placeholder="选择类别" data-testid="unit-kind" />
          </Form.Item>
          <Form.Item name="divisionId" label="所属乡镇" extra="县直部门选“县直”；帮扶单位、企业可不填">
            <Select<number | null>
              allowClear
              options={placeOptions}
              placeholder="不属于某个乡镇"
              data-testid="unit-division"
            />
          </Form.Item>
          <Form.Item name="contactPerson" label="联系人">
            <Input maxLength={30} data-testid="unit-contact" />
          </Form.Item>
          <Form.Item name="phone" label="电话">
            <Input maxLength={30} className="mono" data-testid="unit-phone" />
          </Form.Item>
          <Form.Item name="remark" label="备注" style={{ marginBottom: 4 }}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="unit-remark" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
