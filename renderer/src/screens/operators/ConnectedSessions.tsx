// 设置 → 操作员 → 当前连接 (ledger on the office server only): who is signed in from which PC, since when and
// when last seen; a window not seen for a few minutes went away without signing out and shows 离线.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import type { ConnectedSession } from '../../../../shared/api';
import { officeDateTime } from '../../../../shared/dates';
import { call } from '../../api/client';
import { useChannel } from '../../lib/useChannel';

const DOOR_LABEL: Record<ConnectedSession['door'], string> = { electron: '桌面程序', web: '浏览器模式', cli: '命令行' };

export function ConnectedSessions() {
  const { data, loading, run } = useChannel<ConnectedSession[]>();
  const load = useCallback(() => void run(() => call('operators.sessions', {})), [run]);
  useEffect(load, [load]);

  return (
    <div style={{ marginTop: 20 }} data-testid="connected-sessions">
      <Space style={{ marginBottom: 8 }} align="center">
        <Typography.Text strong>当前连接</Typography.Text>
        <Typography.Text type="secondary">正在使用办公室服务器上这个台账的窗口；超过 5 分钟没有动静的显示为离线。</Typography.Text>
        <Button size="small" icon={<ReloadOutlined />} onClick={load} data-testid="connected-sessions-reload">
          刷新
        </Button>
      </Space>
      <Table<ConnectedSession>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={data ?? []}
        pagination={false}
        locale={{ emptyText: '没有已登录的窗口' }}
        columns={[
          {
            title: '操作员',
            dataIndex: 'operatorName',
            width: 180,
            render: (name: string, row) => (
              <span>
                {name}
                {row.thisWindow ? <Tag style={{ marginLeft: 6 }}>本窗口</Tag> : null}
              </span>
            ),
          },
          { title: '电脑', dataIndex: 'pcName', width: 180, render: (pc: string, row) => `${pc}（${DOOR_LABEL[row.door]}）` },
          { title: '登录时间', dataIndex: 'signedInAt', width: 170, render: (at: string) => officeDateTime(at) },
          { title: '最近活动', dataIndex: 'lastSeenAt', width: 170, render: (at: string) => officeDateTime(at) },
          { title: '状态', dataIndex: 'online', width: 90, render: (online: boolean) => (online ? <Tag color="green">在线</Tag> : <Tag>离线</Tag>) },
        ]}
      />
    </div>
  );
}
