// article.js: an article's text with its facts highlighted. The text is
// cut at every fact boundary (spans are code points of the text) and each
// piece becomes a <span> whose textContent is the piece: article text is
// never parsed as HTML.
import { el, api, entityHref, clusterHref, section, showError } from './dom.js';

const KINDS = [
  ['quote', 'quotes', (f) => `quote${f.speaker ? ` by ${f.speaker}` : ''}`],
  ['event', 'events', (f) => `event ${f.type || ''}${f.cameo ? ` (CAMEO ${f.cameo})` : ''}`],
  ['entity', 'entities', (f) => `${f.type || 'entity'}: ${f.entity_name || f.text}`],
  ['place', 'places', (f) => `place: ${f.name || f.text}${f.country ? `, ${f.country}` : ''}`],
  ['date', 'dates', (f) => `${f.type || 'date'}: ${f.value ?? '?'}`],
  ['count', 'counts', (f) => `count: ${f.value ?? '?'}${f.object ? ` ${f.object}` : ''}`],
];

function factDetail(kind, f) {
  const dl = el('dl', { class: 'fact' });
  const add = (k, v) => { if (v !== null && v !== undefined && v !== '') dl.append(el('dt', { text: k }), el('dd', {}, v)); };
  add('kind', kind);
  for (const [k, v] of Object.entries(f)) {
    if (['article', 'start', 'end'].includes(k)) continue;
    if ((k === 'entity' || k === 'speaker_entity') && Number.isInteger(v)) add(k, el('a', { href: entityHref(v), text: `entity ${v}` }));
    else if (k === 'cluster' && Number.isInteger(v)) add(k, el('a', { href: clusterHref(v), text: `cluster ${v}` }));
    else add(k, String(v));
  }
  add('span', `${f.start}–${f.end}`);
  return dl;
}

export function highlight(text, facts, onPick) {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  const spans = [];
  for (const [kind, list] of facts) {
    for (const f of list) {
      if (!(Number.isInteger(f.start) && Number.isInteger(f.end)) || f.start < 0 || f.end > chars.length || f.start >= f.end) continue;
      spans.push({ kind, f }); cuts.add(f.start); cuts.add(f.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const box = el('div', { class: 'article-text' });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join('');
    const over = spans.filter((s) => s.f.start <= a && s.f.end >= b);
    if (!over.length) { box.append(piece); continue; }
    // The innermost fact (the shortest span) answers a click; the title lists all.
    over.sort((x, y) => (x.f.end - x.f.start) - (y.f.end - y.f.start));
    const span = el('span', {
      class: ['hl', ...new Set(over.map((s) => `hl-${s.kind}`))].join(' '),
      title: over.map((s) => KINDS.find((k) => k[0] === s.kind)[2](s.f)).join('\n'),
      'data-kinds': over.map((s) => s.kind).join(' '),
      on: { click: () => onPick(over[0].kind, over[0].f) },
    });
    span.textContent = piece;
    box.append(span);
  }
  return box;
}

export async function showArticle(view, id) {
  const main = section('Article', 'article');
  const side = section('Details', 'details');
  side.id = 'detail';
  view.append(main, side);
  let d;
  try { d = await api(`articles/${id}`); } catch (e) { showError(main, e); return; }
  const a = d.article;
  main.querySelector('h2').textContent = a.title || '(no title)';
  main.append(el('p', { class: 'meta', text: [a.outlet, a.published, a.authors].filter(Boolean).join(' · ') }));
  const legend = el('p', { class: 'legend' });
  for (const [kind, key] of KINDS) legend.append(el('span', { class: `hl-${kind}`, text: `${key} (${d[key].length})` }));
  main.append(legend);
  const factBox = el('div', { class: 'fact-box' }, el('p', { text: 'Click a highlight to see its fact.' }));
  side.append(factBox);
  const pick = (kind, f) => factBox.replaceChildren(factDetail(kind, f));
  main.append(highlight(a.text || '', KINDS.map(([kind, key]) => [kind, d[key]]), pick));
  if (a.url && /^https?:\/\//.test(a.url)) side.append(el('p', {}, el('a', { href: a.url, rel: 'noopener noreferrer', text: 'source' })));
  const quotes = el('ul', { class: 'results quotes' });
  for (const q of d.quotes) {
    const who = Number.isInteger(q.speaker_entity) ? el('a', { href: entityHref(q.speaker_entity), text: q.speaker || 'speaker' }) : el('span', { text: q.speaker || 'unattributed' });
    quotes.append(el('li', {}, who, ': ', el('q', { text: q.text })));
  }
  side.append(el('h2', { text: 'Quotes' }), quotes);
  const events = el('ul', { class: 'results events' });
  for (const e of d.events) {
    events.append(el('li', {}, `${e.type || 'event'}: `, el('q', { text: e.text }),
      Number.isInteger(e.cluster) ? el('a', { class: 'cluster-link', href: clusterHref(e.cluster), text: ` (cluster of ${e.num_articles} article${e.num_articles === 1 ? '' : 's'})` }) : ''));
  }
  if (!d.events.length) events.append(el('li', { text: 'No events.' }));
  side.append(el('h2', { text: 'Events' }), events);
}
