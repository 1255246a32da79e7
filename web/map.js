// map.js: places on a Natural Earth map (world-atlas, d3-geo). Points
// closer than a cell on screen are drawn as one, sized by articles; a
// click lists the places behind it.
import { el } from './dom.js';

let world = null;
async function countries() {
  if (!world) {
    const topo = await (await fetch('vendor/countries-110m.json')).json();
    world = topojson.feature(topo, topo.objects.countries);
  }
  return world;
}

const CELL = 22;

export async function drawMap(container, geojson, onPick) {
  const width = 960, height = 500;
  const land = await countries();
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: 'Sphere' });
  const path = d3.geoPath(projection);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'map of places', class: 'map' });
  svg.append(el('path', { class: 'sphere', d: path({ type: 'Sphere' }) }));
  const g = el('g');
  for (const f of land.features) g.append(el('path', { class: 'land', d: path(f) }));
  svg.append(g);
  const cells = new Map();
  for (const f of geojson.features) {
    const xy = projection(f.geometry.coordinates);
    if (!xy) continue;
    const key = `${Math.round(xy[0] / CELL)},${Math.round(xy[1] / CELL)}`;
    const cell = cells.get(key) || { x: 0, y: 0, n: 0, articles: 0, places: [] };
    cell.x += xy[0]; cell.y += xy[1]; cell.n++;
    cell.articles += f.properties.num_articles;
    cell.places.push(f.properties);
    cells.set(key, cell);
  }
  for (const cell of cells.values()) {
    const names = cell.places.map((p) => p.name).join(', ');
    const c = el('circle', {
      class: 'point', cx: (cell.x / cell.n).toFixed(1), cy: (cell.y / cell.n).toFixed(1),
      r: (3 + 3 * Math.sqrt(cell.articles)).toFixed(1), 'data-places': names, tabindex: 0,
      on: { click: () => onPick(cell.places), keydown: (e) => { if (e.key === 'Enter') onPick(cell.places); } },
    });
    c.append(el('title', { text: `${names} (${cell.articles} article${cell.articles === 1 ? '' : 's'})` }));
    svg.append(c);
  }
  container.append(svg);
}
