// 导入: the wizard (#/import) and 导入记录 (#/import/history) on two tabs.
import { Tabs } from 'antd';
import { useState } from 'react';
import { navigate } from '../../lib/nav';
import { ImportHistory } from './ImportHistory';
import { ImportWizard } from './ImportWizard';
import './import.css';

export function ImportScreen({ sub }: { sub: string }) {
  const tab = sub === 'history' ? 'history' : 'wizard';
  const [version, setVersion] = useState(0);
  return (
    <div className="screen-panel imp-screen" data-testid="import-screen">
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate('import', key === 'history' ? 'history' : '')}
        items={[
          {
            key: 'wizard',
            label: <span data-testid="tab-import-wizard">导入向导</span>,
            // Kept mounted: going to 导入记录 and back does not lose the wizard's place.
            children: <ImportWizard onImported={() => setVersion((v) => v + 1)} />,
          },
          { key: 'history', label: <span data-testid="tab-import-history">导入记录</span>, children: <ImportHistory version={version} /> },
        ]}
      />
    </div>
  );
}
