import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the parts of ECharts the views use are bundled.
echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartInstance = echarts.ECharts;

interface ChartProps {
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the data is also in a table next to it). */
  label: string;
  height?: number;
  onClick?: (params: { data?: unknown; seriesName?: string }) => void;
  /** Called after each render, e.g. to read pixel positions. */
  onRendered?: (chart: ChartInstance, element: HTMLDivElement) => void;
  testId?: string;
}

export function Chart({ option, label, height = 360, onClick, onRendered, testId }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const handlers = useRef({ onClick, onRendered });
  handlers.current = { onClick, onRendered };

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => handlers.current.onClick?.(params as { data?: unknown; seriesName?: string }));
    instance.on('finished', () => {
      if (element.current) handlers.current.onRendered?.(instance, element.current);
    });
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} role="img" aria-label={label} data-testid={testId} className="chart" style={{ height }} />;
}
