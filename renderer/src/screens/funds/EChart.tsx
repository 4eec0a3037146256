// A small React wrapper around ECharts (only the parts the ledger uses are registered, to keep the bundle
// lean): one chart per element, resized with its container, disposed when the element goes away.
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, type CSSProperties } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

export type ChartOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | MarkLineComponentOption>;

interface Props {
  option: ChartOption;
  style?: CSSProperties;
  className?: string;
  testId?: string;
  /** Called with the category (x-axis) index of a clicked bar. */
  onBarClick?: (dataIndex: number) => void;
}

export function EChart({ option, style, className, testId, onBarClick }: Props) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickHandler = useRef(onBarClick);

  useEffect(() => {
    clickHandler.current = onBarClick;
  });

  useEffect(() => {
    const el = element.current;
    if (!el) return undefined;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (typeof params.dataIndex === 'number') clickHandler.current?.(params.dataIndex);
    });
    // A chart on a tab that was hidden when it was drawn has no size: the observer fixes that when it shows.
    const observer = new ResizeObserver(() => {
      if (!instance.isDisposed()) instance.resize();
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} className={className} style={{ width: '100%', height: 320, ...style }} data-testid={testId} />;
}
