// 简报: the bulletins of a year by number (#/bulletins), searchable; 新建 drafts one from an inspection or a
// period; a click opens the editor with its live preview (#/bulletins/edit?id=3); 简报设置 edits the series.
import { FileAddOutlined, SearchOutlined, SettingOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Table, Tag, type InputRef, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BulletinRow, ChannelResult } from '../../../../shared/api';
import { formatChineseDate, formatChineseDateRange } from '../../../../shared/dates';
import { call } from '../../api/client';
import { navigate } from '../../lib/nav';
import { useShortcut } from '../../lib/shortcuts';
import { BulletinEditor } from './BulletinEditor';
import { ComposeModal } from './ComposeModal';
import { SeriesModal } from './SeriesModal';
import './bulletins.css';
import { useChannel } from '../../lib/useChannel';

export function parseBulletinSub(sub: string): number | null {
  const m = /^edit\?id=(\d+)$/.exec(sub);
  return m ? Number(m[1]) : null;
}

export function openBulletin(id: number): void {
  navigate('bulletins', `edit?id=${id}`);
}

export function BulletinsScreen({ sub }: { sub: string }) {
  const id = parseBulletinSub(sub);
  return id !== null ? <BulletinEditor id={id} /> : <BulletinList />;
}

function sourceText(r: BulletinRow): string {
  if (r.inspectionName) return r.inspectionName;
  if (r.periodStart && r.periodEnd) return formatChineseDateRange(r.periodStart, r.periodEnd);
  return '—';
}

function BulletinList() {
  const [year, setYear] = useState<number | null>(null);
  const [status, setStatus] = useState<'draft' | 'issued' | null>(null);
  const [keywordText, setKeywordText] = useState('');
  const [keyword, setKeyword] = useState('');
  const { data, loading, run } = useChannel<ChannelResult<'bulletins.list'>>();
  const rows: BulletinRow[] = data?.rows ?? [];
  const years = data?.years ?? [];
  const [composeOpen, setComposeOpen] = useState(false);
  const [seriesOpen, setSeriesOpen] = useState(false);
  const searchRef = useRef<InputRef>(null);

  const load = useCallback(
    () => run(() => call('bulletins.list', { ...(year ? { year } : {}), ...(status ? { status } : {}), ...(keyword.trim() ? { keyword: keyword.trim().slice(0, 60) } : {}) })),
    [run, year, status, keyword],
  );

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const t = window.setTimeout(() => setKeyword(keywordText), 300);
    return () => window.clearTimeout(t);
  }, [keywordText]);

  useShortcut('f', () => searchRef.current?.focus());

  const columns: TableColumnsType<BulletinRow> = [
    { title: '年度', dataIndex: 'year', width: 80 },
    { title: '期号', dataIndex: 'label', width: 110, render: (v: string, r) => <span data-testid={`bulletin-label-${r.id}`}>{v}</span> },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    { title: '起草依据', key: 'source', width: 260, ellipsis: true, render: (_, r) => sourceText(r) },
    { title: '印发日期', dataIndex: 'issueDate', width: 130, render: (v: string | null) => (v ? formatChineseDate(v) : '—') },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: BulletinRow['status']) => (v === 'issued' ? <Tag color="red">已签发</Tag> : <Tag>草稿</Tag>),
    },
    { title: '签发人', dataIndex: 'issuedBy', width: 100, render: (v: string | null) => v ?? '' },
  ];

  return (
    <div className="screen-panel bl-screen" data-testid="bulletins-screen">
      <div className="bl-toolbar">
        <Space wrap>
          <Select
            style={{ width: 120 }}
            placeholder="全部年度"
            allowClear
            value={year}
            onChange={(v: number | undefined) => setYear(v ?? null)}
            options={years.map((y) => ({ value: y, label: `${y} 年` }))}
            data-testid="bulletin-year"
          />
          <Select
            style={{ width: 120 }}
            placeholder="全部状态"
            allowClear
            value={status}
            onChange={(v: 'draft' | 'issued' | undefined) => setStatus(v ?? null)}
            options={[
              { value: 'draft', label: '草稿' },
              { value: 'issued', label: '已签发' },
            ]}
          />
          <Input
            ref={searchRef}
            allowClear
            prefix={<SearchOutlined />}
            placeholder="搜索标题、期号（如 第3期）、正文（Ctrl+F）"
            style={{ width: 320 }}
            value={keywordText}
            onChange={(e) => setKeywordText(e.target.value)}
            data-testid="bulletin-search"
          />
        </Space>
        <Space>
          <Button icon={<SettingOutlined />} onClick={() => setSeriesOpen(true)} data-testid="bulletin-series">
            简报设置
          </Button>
          <Button type="primary" icon={<FileAddOutlined />} onClick={() => setComposeOpen(true)} data-testid="bulletin-new">
            起草简报
          </Button>
        </Space>
      </div>
      <Table<BulletinRow>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={(r) => ({ onClick: () => openBulletin(r.id), style: { cursor: 'pointer' }, 'data-testid': `bulletin-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: keyword || year || status ? '没有符合条件的简报' : '还没有简报。点“起草简报”，选择一次检查或一个期间，程序会从台账起草。' }}
      />
      <ComposeModal open={composeOpen} onClose={() => setComposeOpen(false)} onComposed={(id) => openBulletin(id)} />
      <SeriesModal open={seriesOpen} onClose={() => setSeriesOpen(false)} />
    </div>
  );
}
