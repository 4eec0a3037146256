// 下载导入模板: one button per import kind. A township fills the template in (drop-down lists from this
// ledger's 区划 and dictionaries, validated dates and numbers, a locked header) and it imports back with no
// mapping question.
import { FileExcelOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Space } from 'antd';
import { useState } from 'react';
import { ImportKind } from '../../../../shared/enums';
import { call } from '../../api/client';
import { errorText } from '../../lib/errors';
import { saveDownload } from '../../lib/files';

const HINT: Record<ImportKind, string> = {
  projects: '项目库：项目类型、乡镇、村、项目状态为下拉选择',
  allocations: '资金下达：文号、日期、资金级次、金额',
  payments: '资金拨付：项目名称可从台账项目中选择',
  findings: '问题整改：问题类别、整改状态为下拉选择',
  households: '受益户：身份证号校验 18 位',
};

export function TemplateDownloads() {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState<ImportKind | null>(null);

  const download = async (kind: ImportKind) => {
    setBusy(kind);
    try {
      const file = await call('export.template', { kind });
      saveDownload(file);
      message.success(`已下载 ${file.fileName}`);
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="template-downloads">
      <p className="field-hint" style={{ marginTop: 0 }}>
        发给乡镇填写的空白表：下拉列表来自本台账的区划和字典，日期、金额有校验，表头已锁定。填好后在“导入”中直接导入，无需对应列。
      </p>
      <Space wrap>
        {ImportKind.options.map((o) => (
          <Button key={o.value} icon={<FileExcelOutlined />} loading={busy === o.value} onClick={() => void download(o.value)} title={HINT[o.value]} data-testid={`template-${o.value}`}>
            {o.label}模板
          </Button>
        ))}
      </Space>
    </div>
  );
}
