// 督导检查与问题整改: 检查 (and the page of one inspection), 问题台账, 乡镇×状态, 逾期问题, 7日内到期, 按类别 on
// tabs addressed as #/supervision/inspections, #/supervision/inspection?id=3, #/supervision/findings?…,
// #/supervision/matrix, /overdue, /due, /category. The finding drawer opens over any of them.
import { SettingOutlined } from '@ant-design/icons';
import { Button, Tabs } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { navigate } from '../../lib/nav';
import { parseSupervisionSub, SupervisionContext, useSupervisionRef, useVersion, type SupervisionContextValue, type SupervisionTab } from './common';
import { DueTab } from './DueTab';
import { FindingDrawer } from './FindingDrawer';
import { FindingsTab } from './FindingsTab';
import { InspectionPage } from './InspectionPage';
import { InspectionsTab } from './InspectionsTab';
import { CategoryTab, MatrixTab } from './MatrixTab';
import { SupervisionSettingsModal } from './SupervisionSettings';
import './supervision.css';

export function SupervisionScreen({ sub }: { sub: string }) {
  const route = parseSupervisionSub(sub);
  const { tab, inspectionId, queryText } = route;
  const reference = useSupervisionRef();
  const [version, changed] = useVersion();
  const [findingId, setFindingId] = useState<number | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const openFinding = useCallback((id: number) => setFindingId(id), []);
  const closeFinding = useCallback(() => setFindingId(null), []);

  const context = useMemo<SupervisionContextValue>(() => ({ openFinding, version, changed, reference }), [openFinding, version, changed, reference]);

  const label = (key: SupervisionTab, text: string) => <span data-testid={`tab-${key}`}>{text}</span>;

  return (
    <SupervisionContext.Provider value={context}>
      <div className="screen-panel sv-screen" style={{ paddingTop: 4 }} data-testid="supervision-screen">
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate('supervision', key)}
          tabBarExtraContent={
            <Button size="small" type="text" icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-testid="supervision-settings">
              整改设置
            </Button>
          }
          items={[
            {
              key: 'inspections',
              label: label('inspections', '检查'),
              children: inspectionId !== null ? <InspectionPage id={inspectionId} /> : <InspectionsTab active={tab === 'inspections'} />,
            },
            { key: 'findings', label: label('findings', '问题台账'), children: <FindingsTab active={tab === 'findings'} queryText={tab === 'findings' ? queryText : ''} /> },
            { key: 'matrix', label: label('matrix', '乡镇×状态'), children: <MatrixTab active={tab === 'matrix'} /> },
            { key: 'overdue', label: label('overdue', '逾期问题'), children: <DueTab active={tab === 'overdue'} kind="overdue" /> },
            { key: 'due', label: label('due', '7日内到期'), children: <DueTab active={tab === 'due'} kind="due" /> },
            { key: 'category', label: label('category', '按类别'), children: <CategoryTab active={tab === 'category'} /> },
          ]}
          destroyOnHidden
        />
      </div>
      <FindingDrawer findingId={findingId} onClose={closeFinding} />
      <SupervisionSettingsModal open={settingsOpen} onClose={() => setSettingsOpen(false)} onSaved={changed} />
    </SupervisionContext.Provider>
  );
}
