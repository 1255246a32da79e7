// cluster.js: one event cluster (#/cluster/ID): what happened, where and
// when, the outlets and articles that report it, and the words in each
// article that say so, the event's span marked inside its sentence.
import { el, api, articleHref, section, showError } from './dom.js';

// The context with the span [start, end) (code points of the article)
// marked; context begins at code point `from` of a text of textChars.
function evidenceText(context, from, start, end, textChars) {
  const chars = Array.from(context || '');
  const a = Math.max(0, Math.min(chars.length, start - from)), b = Math.max(a, Math.min(chars.length, end - from));
  return el('p', { class: 'evidence' },
    from > 0 ? '…' : '', chars.slice(0, a).join(''),
    el('mark', { text: chars.slice(a, b).join('') }),
    chars.slice(b).join(''), from + chars.length < textChars ? '…' : '');
}

export async function showCluster(view, id) {
  const head = section('Event cluster', 'cluster');
  const sources = section('Sources', 'sources');
  const evidence = section('Evidence: the events behind it', 'wide evidence');
  const articles = section('Articles', 'list');
  view.append(head, sources, evidence, articles);
  let d;
  try { d = await api(`clusters/${id}`); } catch (e) { showError(head, e); return; }
  const c = d.cluster;
  head.querySelector('h2').textContent = [c.type, c.event_date, c.where_name].filter(Boolean).join(' · ');
  head.append(el('p', { class: 'meta', text: [
    c.cameo ? `CAMEO ${c.cameo}` : '', Number.isFinite(c.goldstein) ? `Goldstein ${c.goldstein}` : '',
    `${c.num_articles} article${c.num_articles === 1 ? '' : 's'}`, `${c.num_sources} source${c.num_sources === 1 ? '' : 's'}`,
    `${c.num_mentions} mention${c.num_mentions === 1 ? '' : 's'}`].filter(Boolean).join(' · ') }));
  if (c.article) head.append(el('p', {}, 'First reported in ', el('a', { href: articleHref(c.article), text: 'this article' })));
  const sl = el('ul', { class: 'results sources' });
  for (const s of d.sources) sl.append(el('li', { text: `${s.outlet || '(no outlet)'}: ${s.num_articles} article${s.num_articles === 1 ? '' : 's'}` }));
  sources.append(sl);
  const ev = el('ul', { class: 'results evidence' });
  for (const e of d.events) {
    ev.append(el('li', {},
      el('a', { href: articleHref(e.article), text: e.title || '(no title)' }),
      el('div', { class: 'meta', text: [e.outlet, e.published, e.source_text && `by ${e.source_text}`, e.target_text && `on ${e.target_text}`].filter(Boolean).join(' · ') }),
      evidenceText(e.context, e.context_start, e.start, e.end, e.text_chars)));
  }
  if (!d.events.length) ev.append(el('li', { text: 'No events.' }));
  evidence.append(ev);
  const al = el('ul', { class: 'results articles' });
  for (const a of d.articles) {
    al.append(el('li', {}, el('a', { href: articleHref(a.article), text: a.title || '(no title)' }),
      el('div', { class: 'meta', text: [a.outlet, a.published].filter(Boolean).join(' · ') })));
  }
  articles.append(al);
  view.dataset.ready = 'cluster';
}
