// app.js: the routes (#/ search with map and timeline, #/article/ID,
// #/entity/ID, #/cluster/ID) and the search form.
import { el, api, articleHref, entityHref, clusterHref, section, showError } from './dom.js';
import { drawMap } from './map.js';
import { drawTimeline } from './timeline.js';
import { showArticle } from './article.js';
import { showCluster } from './cluster.js';

const view = document.getElementById('view');
const form = document.getElementById('search');
const FILTERS = ['q', 'since', 'until', 'outlet', 'event_type', 'place', 'entity_id'];

function currentFilters() {
  const p = new URLSearchParams(location.hash.split('?')[1] || '');
  return Object.fromEntries(FILTERS.map((k) => [k, p.get(k) || '']));
}

function go(filters) {
  const p = new URLSearchParams();
  for (const k of FILTERS) if (filters[k]) p.set(k, filters[k]);
  location.hash = `#/?${p}`;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const f = currentFilters();
  for (const k of ['q', 'since', 'until', 'outlet', 'event_type']) f[k] = form.elements[k].value.trim();
  f.place = ''; // a new search starts from the whole map
  go(f);
});

function articleList(rows) {
  const ul = el('ul', { class: 'results articles' });
  for (const a of rows) {
    ul.append(el('li', {},
      el('a', { href: articleHref(a.article), text: a.title || '(no title)' }),
      el('div', { class: 'meta', text: [a.outlet, a.published].filter(Boolean).join(' · ') })));
  }
  if (!rows.length) ul.append(el('li', { text: 'No articles.' }));
  return ul;
}

// The places behind a map point: each filters the page; under it, its
// events and articles (within the current filters).
function pickPlaces(map, filters, places) {
  map.querySelector('ul.picked')?.remove();
  const box = el('ul', { class: 'results picked' });
  for (const p of places.slice(0, 8)) {
    const item = el('li', {}, el('a', { href: '#/', text: `${p.name} (${p.num_articles})`, on: { click: (e) => { e.preventDefault(); go({ ...filters, place: p.name }); } } }));
    const behind = el('ul', { class: 'behind' });
    item.append(behind);
    box.append(item);
    const scoped = { ...filters, place: p.name, per_page: 5 };
    api('events', scoped).then((r) => {
      for (const ev of r.results) {
        behind.append(el('li', {}, `${ev.type}: `, el('a', { href: articleHref(ev.article), text: ev.text }),
          Number.isInteger(ev.cluster) ? el('a', { class: 'cluster-link', href: clusterHref(ev.cluster), text: ` (cluster of ${ev.num_articles})` }) : ''));
      }
    }).catch(() => {});
    api('search', scoped).then((r) => {
      for (const a of r.results) behind.append(el('li', {}, el('a', { href: articleHref(a.article), text: a.title || '(no title)' })));
    }).catch(() => {});
  }
  map.append(box);
}

async function showSearch(filters, page = 1) {
  for (const k of ['q', 'since', 'until', 'outlet', 'event_type']) form.elements[k].value = filters[k];
  const list = section('Articles', 'list');
  const map = section('Map', 'map');
  const time = section('Timeline: events per day (drag to filter)', 'wide timeline');
  view.append(list, map, time);
  if (filters.place) list.append(el('p', {}, `Place: ${filters.place} `, el('a', { href: '#/', text: '(clear)', on: { click: (e) => { e.preventDefault(); go({ ...filters, place: '' }); } } })));
  if (filters.since || filters.until) list.append(el('p', { class: 'meta', text: `Dates: ${filters.since || '…'} to ${filters.until || '…'}` }));
  const jobs = [
    api('search', { ...filters, page }).then((r) => {
      list.append(articleList(r.results));
      const nav = el('p');
      if (page > 1) nav.append(el('button', { text: 'Previous', on: { click: () => { view.replaceChildren(); showSearch(filters, page - 1); } } }));
      if (r.has_more) nav.append(el('button', { text: 'Next', on: { click: () => { view.replaceChildren(); showSearch(filters, page + 1); } } }));
      list.append(nav);
    }).catch((e) => showError(list, e)),
    api('places', filters).then((g) => drawMap(map, g, (places) => pickPlaces(map, filters, places))).catch((e) => showError(map, e)),
    api('timeline', { ...filters, since: '', until: '' }).then((t) => drawTimeline(time, t.results, (since, until) => go({ ...filters, since, until })))
      .catch((e) => showError(time, e)),
  ];
  await Promise.all(jobs);
  view.dataset.ready = 'search';
}

async function showEntity(gid) {
  const head = section('Entity', 'entity');
  const arts = section('Articles', 'list');
  const mentions = section('Mentions over time', 'wide mentions');
  const quotes = section('Quotes by this entity', 'quotes-by');
  const about = section('Quotes about this entity', 'quotes-about');
  const graph = section('Co-occurring entities');
  view.append(head, graph, mentions, arts, quotes, about);
  let d;
  try { d = await api(`entities/${gid}`); } catch (e) { showError(head, e); return; }
  head.querySelector('h2').textContent = d.entity.name;
  head.append(el('p', { class: 'meta', text: [d.entity.type, d.entity.role, d.entity.country, `${d.entity.num_articles} articles`, `${d.entity.num_mentions} mentions`].filter(Boolean).join(' · ') }));
  head.append(el('p', { text: `Also written: ${d.aliases.map((a) => a.name).join(', ')}` }));
  const when = el('div');
  head.append(when);
  drawTimeline(when, d.timeline, (since, until) => go({ entity_id: String(gid), since, until }));
  drawTimeline(mentions, d.mentions_per_day, (since, until) => go({ entity_id: String(gid), since, until }),
    { key: 'mentions', unit: 'mention', cls: 'timeline mentions-per-day' });
  arts.append(articleList(d.articles));
  quotes.append(quoteList(d.quotes, false));
  about.append(quoteList(d.quotes_about, true));
  graph.append(drawGraph(d.entity, d.cooccurring.slice(0, 24)));
  view.dataset.ready = 'entity';
}

// Quotes with a link to their article (and, withSpeaker, who said them).
function quoteList(rows, withSpeaker) {
  const ul = el('ul', { class: 'results quotes' });
  for (const q of rows) {
    const who = !withSpeaker ? '' : Number.isInteger(q.speaker_entity)
      ? el('a', { href: entityHref(q.speaker_entity), text: q.speaker || 'speaker' })
      : el('span', { text: q.speaker || 'unattributed' });
    ul.append(el('li', {}, who, withSpeaker ? ': ' : '', el('q', { text: q.text }), ' ', el('a', { href: articleHref(q.article), text: '(article)' })));
  }
  if (!rows.length) ul.append(el('li', { text: 'No quotes.' }));
  return ul;
}

// The entity in the middle, the ones it shares articles with around it.
function drawGraph(center, others) {
  const size = 420, r = 160, c = size / 2;
  const svg = el('svg', { viewBox: `0 0 ${size} ${size}`, class: 'graph', role: 'img', 'aria-label': 'co-occurrence graph' });
  const max = Math.max(1, ...others.map((o) => o.num_articles));
  others.forEach((o, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, others.length);
    const x = c + r * Math.cos(a), y = c + r * Math.sin(a);
    svg.append(el('line', { x1: c, y1: c, x2: x, y2: y, stroke: '#99a', 'stroke-width': 1 + (3 * o.num_articles) / max }));
    const link = el('svg:a', { href: entityHref(o.entity) });
    link.append(el('circle', { cx: x, cy: y, r: 6, class: 'point' }), el('text', { x, y: y - 9, 'text-anchor': 'middle', class: 'axis', text: o.name }));
    svg.append(link);
  });
  svg.append(el('circle', { cx: c, cy: c, r: 9, fill: '#1f2d3d' }), el('text', { x: c, y: c - 13, 'text-anchor': 'middle', class: 'axis', text: center.name }));
  return svg;
}

async function route() {
  view.replaceChildren();
  delete view.dataset.ready;
  const h = location.hash || '#/';
  let m;
  if ((m = h.match(/^#\/article\/([0-9a-f]{16})$/))) { await showArticle(view, m[1]); view.dataset.ready = 'article'; }
  else if ((m = h.match(/^#\/entity\/([0-9]{1,18})$/))) await showEntity(Number(m[1]));
  else if ((m = h.match(/^#\/cluster\/([0-9]{1,18})$/))) await showCluster(view, Number(m[1]));
  else await showSearch(currentFilters());
}

window.addEventListener('hashchange', route);
route();
