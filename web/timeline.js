// timeline.js: events (or another count, `key`) per day as bars;
// dragging across them picks a date range (onBrush(since, until)), a
// click clears it.
import { el } from './dom.js';

const DAY = 86400000;

export function drawTimeline(container, rows, onBrush, { key = 'events', unit = 'event', cls = 'timeline' } = {}) {
  const perDay = new Map();
  for (const r of rows) perDay.set(r.date, (perDay.get(r.date) || 0) + r[key]);
  if (!perDay.size) { container.append(el('p', { text: `No dated ${unit}s.` })); return; }
  const days = [...perDay.keys()].sort();
  const first = Date.parse(days[0]), last = Date.parse(days[days.length - 1]);
  const span = Math.max(1, Math.round((last - first) / DAY) + 1);
  const width = 960, height = 140, pad = 20;
  const max = Math.max(...perDay.values());
  const bw = (width - 2 * pad) / span;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: cls, role: 'img', 'aria-label': `${unit}s per day` });
  for (const [day, n] of perDay) {
    const i = Math.round((Date.parse(day) - first) / DAY);
    const h = ((height - 2 * pad) * n) / max;
    const bar = el('rect', { class: 'bar', x: pad + i * bw, y: height - pad - h, width: Math.max(1, bw - 1), height: h, 'data-date': day });
    bar.append(el('title', { text: `${day}: ${n} ${unit}${n === 1 ? '' : 's'}` }));
    svg.append(bar);
  }
  svg.append(el('text', { class: 'axis', x: pad, y: height - 4, text: days[0] }));
  svg.append(el('text', { class: 'axis', x: width - pad, y: height - 4, 'text-anchor': 'end', text: days[days.length - 1] }));
  const brush = el('rect', { class: 'brush', x: 0, y: pad / 2, width: 0, height: height - pad });
  svg.append(brush);
  const toX = (evt) => {
    const box = svg.getBoundingClientRect();
    return Math.min(width - pad, Math.max(pad, ((evt.clientX - box.left) / box.width) * width));
  };
  const toDay = (x) => new Date(first + Math.floor((x - pad) / bw) * DAY).toISOString().slice(0, 10);
  let start = null;
  svg.addEventListener('pointerdown', (e) => { start = toX(e); svg.setPointerCapture(e.pointerId); });
  svg.addEventListener('pointermove', (e) => {
    if (start === null) return;
    const x = toX(e);
    brush.setAttribute('x', Math.min(start, x)); brush.setAttribute('width', Math.abs(x - start));
  });
  svg.addEventListener('pointerup', (e) => {
    if (start === null) return;
    const x = toX(e);
    const [a, b] = [Math.min(start, x), Math.max(start, x)];
    start = null;
    if (b - a < 3) { brush.setAttribute('width', 0); onBrush('', ''); return; }
    onBrush(toDay(a), toDay(b - 0.001));
  });
  container.append(svg);
}
