// The least width an antd table needs so no column is squeezed below what it shows (1280×720 screens): the
// fixed widths, plus the minWidth of the column that takes the rest. Given as scroll.x, a narrower window
// scrolls the table sideways instead of shrinking 问题描述 to two characters.
interface SizedColumn {
  width?: number | string;
  minWidth?: number;
  hidden?: boolean;
}

export function tableMinWidth(columns: ReadonlyArray<SizedColumn>): number {
  return columns.reduce((sum, c) => {
    if (c.hidden) return sum;
    if (typeof c.width === 'number') return sum + c.width;
    return sum + (c.minWidth ?? 100);
  }, 0);
}
