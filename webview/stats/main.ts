// A container's stats chart: the last few minutes of CPU, memory, network and block I/O,
// redrawn on each sample. Rendering only; the host streams the samples.
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import { formatBytes } from '../../src/format';
import type { FromStatsView, ToStatsView } from './messages';
import { polylinePoints, scaleTop, StatsSeries, WINDOW_MS, type Counter, type Point } from './series';

declare function acquireVsCodeApi(): { postMessage(message: FromStatsView): void };
const vscode = acquireVsCodeApi();

const SVG = 'http://www.w3.org/2000/svg';
const SIZE = { width: 300, height: 80 };
const rate = (n: number) => `${formatBytes(n)}/s`;

interface Chart {
  id: string;
  title: string;
  lines: { label: string; value: (p: Point) => number }[];
  /** The smallest top of the scale, so that a quiet container is not drawn as noise. */
  floor: number;
  unit: (n: number) => string;
  now: (p: Point) => string;
}

const CHARTS: Chart[] = [
  { id: 'cpu', title: 'CPU', lines: [{ label: 'CPU', value: (p) => p.cpuPercent }], floor: 1, unit: (n) => `${n}%`, now: (p) => `${p.cpuPercent.toFixed(1)}%` },
  { id: 'memory', title: 'Memory', lines: [{ label: 'used', value: (p) => p.memoryUsed }], floor: 1e6, unit: formatBytes, now: (p) => `${formatBytes(p.memoryUsed)} of ${formatBytes(p.memoryLimit)}` },
  ratePair('network', 'Network', ['received', 'networkRx'], ['sent', 'networkTx']),
  ratePair('block', 'Block I/O', ['read', 'blockRead'], ['written', 'blockWrite']),
];

/** Network and block I/O: two rates in one chart, e.g. "received 1.2 KB/s · sent 0 B/s". */
function ratePair(id: string, title: string, ...pair: [string, Counter][]): Chart {
  return {
    id,
    title,
    lines: pair.map(([label, k]) => ({ label, value: (p: Point) => p[k] })),
    floor: 1e3,
    unit: rate,
    now: (p) => pair.map(([label, k]) => `${label} ${rate(p[k])}`).join(' · '),
  };
}

const series = new StatsSeries();
const root = document.getElementById('root')!;
root.innerHTML = `
  <p id="state" class="muted"><vscode-progress-ring></vscode-progress-ring> Waiting for the first sample…</p>
  <div class="charts">${CHARTS.map(
    (c) => `
    <section class="chart" id="${c.id}">
      <h3>${c.title} <span class="now"></span></h3>
      <div class="plot"><span class="top muted"></span><svg viewBox="0 0 ${SIZE.width} ${SIZE.height}" preserveAspectRatio="none" role="img" aria-label="${c.title} over the last minutes, up to ${WINDOW_MS / 60_000}"></svg></div>
      <div class="axis muted"><span class="since"></span><span>${c.lines.length > 1 ? c.lines.map((l, i) => `<span class="key line${i}">${l.label}</span>`).join(' ') : ''}</span><span>now</span></div>
    </section>`,
  ).join('')}</div>`;
const state = document.getElementById('state')!;

function draw(): void {
  const latest = series.latest;
  if (!latest) return;
  for (const chart of CHARTS) {
    const section = document.getElementById(chart.id)!;
    const highest = Math.max(...series.points.flatMap((p) => chart.lines.map((l) => l.value(p))));
    const top = scaleTop(highest, chart.floor);
    section.querySelector('.now')!.textContent = chart.now(latest);
    section.querySelector('.top')!.textContent = chart.unit(top);
    section.querySelector('.since')!.textContent = `${series.spanMs / 60_000} min ago`;
    const svg = section.querySelector('svg')!;
    svg.replaceChildren(
      ...chart.lines.map((line, i) => {
        const polyline = document.createElementNS(SVG, 'polyline');
        polyline.setAttribute('class', `line${i}`);
        polyline.setAttribute('points', polylinePoints(series.points, line.value, top, latest.time, SIZE, series.spanMs));
        return polyline;
      }),
    );
  }
}

window.addEventListener('message', (event: MessageEvent<ToStatsView>) => {
  const m = event.data;
  if (m.type === 'sample') {
    series.push(m.time, m.stats);
    state.hidden = true;
    draw();
  } else {
    series.stopped();
    state.hidden = false;
    state.textContent = m.type === 'stopped' ? 'The container is not running; the chart carries on when it starts again.' : m.message;
    state.className = m.type === 'error' ? 'error' : 'muted';
  }
});
vscode.postMessage({ type: 'ready' });
