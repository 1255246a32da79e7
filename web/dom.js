// dom.js: building the page from data, as text only. Nothing here (or
// anywhere in the UI) assigns innerHTML: every string from the server is
// untrusted article text and reaches the page through textContent.

// SVG elements by name; 'svg:a' is a link inside a drawing (a plain 'a' is HTML's).
export function el(tag, attrs = {}, ...children) {
  const svgTags = new Set(['svg', 'g', 'path', 'circle', 'rect', 'line', 'text', 'title']);
  const svg = svgTags.has(tag) || tag.startsWith('svg:');
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.replace('svg:', '')) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

// Links are built only from ids of a known shape, never from article text.
export const articleHref = (id) => (/^[0-9a-f]{16}$/.test(id) ? `#/article/${id}` : '#/');
export const entityHref = (gid) => (Number.isInteger(gid) && gid > 0 ? `#/entity/${gid}` : '#/');
export const clusterHref = (id) => (Number.isInteger(id) && id > 0 ? `#/cluster/${id}` : '#/');

export async function api(path, params = {}) {
  const url = new URL(`/api/v1/${path}`, location.origin);
  for (const [k, v] of Object.entries(params)) if (v !== '' && v !== null && v !== undefined) url.searchParams.set(k, v);
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || `HTTP ${res.status}`);
  return body;
}

export function section(title, cls = '') {
  const s = el('section', { class: cls });
  s.append(el('h2', { text: title }));
  return s;
}

export function showError(where, err) {
  where.append(el('p', { class: 'error', text: String(err.message || err) }));
}
