// Browser side of bench/renderer: renders the renderer's real ChartView (downsampling + recharts)
// and the shared ChartElement (no downsampling) and reports how long until the SVG is drawn.
import { createRoot, type Root } from 'react-dom/client';
import { ChartElement } from '../electron/model/charts/elements';
import type { ChartSpec } from '../electron/model/charts/spec';
import { ToastProvider } from '../renderer/src/platform/toast';
import { ChartView } from '../renderer/src/charts/ChartView';

declare global {
  interface Window {
    benchChart(points: number, mode: 'view' | 'raw'): Promise<{ ms: number; drawn: number }>;
  }
}

function spec(points: number): ChartSpec {
  const data: ChartSpec['data'] = new Array(points);
  for (let i = 0; i < points; i++)
    data[i] = { x: i, y: Math.sin(i / 5000) * 100 + (i === Math.floor(points / 3) ? 900 : 0) };
  return {
    version: 1,
    kind: 'line',
    title: `${points} points`,
    x: 'x',
    series: [{ key: 'y', label: 'y' }],
    data,
    xType: 'number',
    points,
    sourcePoints: points,
  };
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

window.benchChart = async (points, mode) => {
  const host = document.createElement('div');
  host.style.width = '900px';
  host.style.height = '420px';
  document.body.append(host);
  const s = spec(points); // building the data is not part of the measure
  await frame();
  const root: Root = createRoot(host);
  const started = performance.now();
  root.render(
    mode === 'view' ? (
      <ToastProvider>
        <ChartView spec={s} />
      </ToastProvider>
    ) : (
      <ChartElement spec={s} width={880} height={380} />
    ),
  );
  while (!host.querySelector('path.recharts-line-curve')) await frame();
  await frame(); // painted
  const ms = performance.now() - started;
  const drawn = (host.querySelector('path.recharts-line-curve')?.getAttribute('d')?.match(/[LM]/g) ?? [])
    .length;
  root.unmount();
  host.remove();
  return { ms, drawn };
};
