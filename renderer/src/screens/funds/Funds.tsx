// 资金: 下达 (allocations and their split), 拨付 (payments) and 支出进度, on three tabs addressed as
// #/funds/allocations, #/funds/payments (optionally ?projectId=12) and #/funds/progress; ?importBatchId=12 on the
// first two lists what one import batch wrote.
import { Tabs } from 'antd';
import { useCallback, useState } from 'react';
import { importBatchOf } from '../../components/ImportBatchTag';
import { navigate } from '../../lib/nav';
import { AllocationsTab } from './AllocationsTab';
import './funds.css';
import { PaymentsTab } from './PaymentsTab';
import { ProgressTab } from './ProgressTab';

export type FundsTab = 'allocations' | 'payments' | 'progress';

export function parseFundsSub(sub: string): { tab: FundsTab; projectId: number | null; importBatchId: number | null } {
  const [path = '', query = ''] = sub.split('?');
  const tab: FundsTab = path === 'payments' || path === 'progress' ? path : 'allocations';
  const raw = new URLSearchParams(query).get('projectId');
  const projectId = raw && /^\d+$/.test(raw) ? Number(raw) : null;
  return { tab, projectId, importBatchId: importBatchOf(sub) };
}

export function FundsScreen({ sub }: { sub: string }) {
  const { tab, projectId, importBatchId } = parseFundsSub(sub);
  // Bumped after a write on one tab so the others show current figures when they are opened.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  return (
    <div className="screen-panel funds-screen" style={{ paddingTop: 4 }} data-testid="funds-screen">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate('funds', key)}
        items={[
          {
            key: 'allocations',
            label: <span data-testid="tab-allocations">资金下达</span>,
            children: <AllocationsTab active={tab === 'allocations'} importBatchId={tab === 'allocations' ? importBatchId : null} onChanged={changed} />,
          },
          {
            key: 'payments',
            label: <span data-testid="tab-payments">资金拨付</span>,
            children: <PaymentsTab active={tab === 'payments'} projectIdFromRoute={projectId} importBatchId={tab === 'payments' ? importBatchId : null} onChanged={changed} />,
          },
          {
            key: 'progress',
            label: <span data-testid="tab-progress">支出进度</span>,
            children: <ProgressTab active={tab === 'progress'} version={version} />,
          },
        ]}
      />
    </div>
  );
}
