// 区划与单位: the places of the county and the units that run projects, on two tabs.
import { App as AntApp, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { DivisionRow } from '../../../../shared/api';
import { call } from '../../api/client';
import { useAppState } from '../../lib/appState';
import { errorText } from '../../lib/errors';
import { navigate } from '../../lib/nav';
import { DivisionTreeTab } from './DivisionTreeTab';
import { UnitsTab } from './UnitsTab';

export function DivisionsScreen({ tab }: { tab: string }) {
  const { message } = AntApp.useApp();
  const { dataVersion } = useAppState();
  const [divisions, setDivisions] = useState<DivisionRow[]>([]);
  const [loading, setLoading] = useState(false);
  const active = tab === 'units' ? 'units' : 'divisions';

  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setDivisions(await call('divisions.list', {}));
    } catch (error) {
      message.error(errorText(error), 6);
    } finally {
      setLoading(false);
    }
  }, [message]);

  useEffect(() => {
    void reload();
  }, [reload, dataVersion]);

  return (
    <div className="screen-panel" style={{ paddingTop: 4 }}>
      <Tabs
        activeKey={active}
        onChange={(key) => navigate('divisions', key === 'units' ? 'units' : '')}
        items={[
          {
            key: 'divisions',
            label: <span data-testid="tab-divisions">行政区划</span>,
            children: <DivisionTreeTab divisions={divisions} loading={loading} reload={reload} active={active === 'divisions'} />,
          },
          {
            key: 'units',
            label: <span data-testid="tab-units">单位</span>,
            children: <UnitsTab divisions={divisions} active={active === 'units'} />,
          },
        ]}
      />
    </div>
  );
}
