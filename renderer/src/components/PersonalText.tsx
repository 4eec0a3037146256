// ID numbers on screen are masked (110105********002X) unless the user chooses to see them in full: a switch
// that lasts until the window is closed (sessionStorage), so a screen left open or shared is masked again
// next time. Any screen or preview that may show an ID number renders it through <PersonalText>.
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { Switch, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { maskIdNumbersInText } from '../../../shared/id-number';

const KEY = 'ledger-show-id-numbers';
const EVENT = 'ledger-show-id-numbers-changed';

function readChoice(): boolean {
  try {
    return sessionStorage.getItem(KEY) === 'yes';
  } catch {
    return false;
  }
}

/** Whether full ID numbers are shown in this window, and the way to change it (all screens follow). */
export function useShowIdNumbers(): [boolean, (show: boolean) => void] {
  const [show, setShow] = useState(readChoice);
  useEffect(() => {
    const update = () => setShow(readChoice());
    window.addEventListener(EVENT, update);
    return () => window.removeEventListener(EVENT, update);
  }, []);
  const change = (next: boolean) => {
    try {
      if (next) sessionStorage.setItem(KEY, 'yes');
      else sessionStorage.removeItem(KEY);
    } catch {
      // No storage: the choice lasts for this screen only.
    }
    setShow(next);
    window.dispatchEvent(new Event(EVENT));
  };
  return [show, change];
}

/** A text that may contain ID numbers, masked unless the user chose to see them. */
export function PersonalText({ value }: { value: string | null | undefined }) {
  const [show] = useShowIdNumbers();
  if (value === null || value === undefined) return null;
  return <>{show ? value : maskIdNumbersInText(value)}</>;
}

/** The switch for a table's toolbar: 显示完整身份证号. */
export function ShowIdNumbersSwitch() {
  const [show, setShow] = useShowIdNumbers();
  return (
    <Tooltip title="身份证号默认只显示前 6 位和后 4 位；打开后在本窗口关闭前显示完整号码">
      <span style={{ whiteSpace: 'nowrap' }}>
        <Switch
          size="small"
          checked={show}
          onChange={setShow}
          checkedChildren={<EyeOutlined />}
          unCheckedChildren={<EyeInvisibleOutlined />}
          data-testid="show-id-numbers"
        />{' '}
        显示完整身份证号
      </span>
    </Tooltip>
  );
}
