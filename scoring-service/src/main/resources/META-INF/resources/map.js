// The vibe on a map: every song of the vibe's playlists (and the songs being scored) in 2-D, placed by the scoring
// service as the model sees them (GET api/v1/vibes/{vibe}/map). SVG, a hover card, and a table for the keyboard and
// screen readers.
import { el, svg, api, PALETTE } from './vibe.js';

const $ = (id) => document.getElementById(id);
const WIDTH = 640;
const HEIGHT = 400;
const PAD = 16;
let latest = 0;
let current = null;

const pct = (share) => `${Math.round(share * 100)}%`;

const clamp01 = (t) => Math.min(1, Math.max(0, t));
const coordinate = (v) => Number(v).toFixed(2);

function playlistsOf(map, point) {
  if (point.scored) {
    const best = point.probabilities.reduce((b, p, k) => (p > point.probabilities[b] ? k : b), 0);
    return `being scored (${map.scoredPlaylist}); fits ${map.playlists[best]} best (${point.probabilities[best].toFixed(3)})`;
  }
  return point.playlists.map((k) => map.playlists[k]).join(', ');
}

function showCard(index) {
  const map = current;
  const point = map.points[index];
  document.querySelectorAll('#map-chart .point.active').forEach((p) => p.classList.remove('active'));
  const mark = document.querySelector(`#map-chart .point[data-index="${index}"]`);
  mark.classList.add('active');
  const card = $('map-card');
  card.replaceChildren(el('strong', {}, point.name || point.id), el('br'), playlistsOf(map, point), el('br'), point.facts);
  card.hidden = false;
  // next to the point, inside the chart
  const box = $('map-chart').getBoundingClientRect();
  const at = mark.getBoundingClientRect();
  const left = Math.min(at.left - box.left + 10, box.width - card.offsetWidth - 4);
  const top = at.top - box.top + 10 + card.offsetHeight > box.height ? at.top - box.top - card.offsetHeight - 6 : at.top - box.top + 10;
  card.style.left = `${Math.max(0, left)}px`;
  card.style.top = `${Math.max(0, top)}px`;
}

function hideCard() {
  $('map-card').hidden = true;
  document.querySelectorAll('#map-chart .point.active').forEach((p) => p.classList.remove('active'));
}

function renderMap(map) {
  current = map;
  // the span the service chose (one far-off song must not squeeze the others); songs beyond it sit on the edge
  const [x0, x1] = [map.x.shownFrom, map.x.shownTo];
  const [y0, y1] = [map.y.shownFrom, map.y.shownTo];
  const sx = (x) => PAD + clamp01((x - x0) / (x1 - x0 || 1)) * (WIDTH - 2 * PAD);
  const sy = (y) => HEIGHT - PAD - clamp01((y - y0) / (y1 - y0 || 1)) * (HEIGHT - 2 * PAD); // up is up
  const outside = (p) => p.x < x0 || p.x > x1 || p.y < y0 || p.y > y1;
  const far = map.points.filter(outside).length;
  $('map-axes').textContent = `Left to right, songs get ${map.x.towards} (${pct(map.x.varianceShare)} of how the songs differ); `
    + `bottom to top, ${map.y.towards} (${pct(map.y.varianceShare)}).`
    + (far ? ` ${far === 1 ? 'One song lies' : `${far} songs lie`} further out than the map shows: drawn on its edge, with a dashed ring.` : '');
  $('map-legend').replaceChildren(...map.playlists.map((name, k) => el('li', { style: `--swatch:${PALETTE[k % PALETTE.length]}` }, name)),
    ...(map.scoredPlaylist ? [el('li', { class: 'scored' }, `being scored: ${map.scoredPlaylist} (diamonds)`)] : []));
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img',
    'aria-label': `Map of ${map.points.length} songs, coloured by playlist. Left to right: ${map.x.towards}; bottom to top: ${map.y.towards}. The table below lists every song.` });
  chart.append(svg('rect', { x: 0.5, y: 0.5, width: WIDTH - 1, height: HEIGHT - 1, fill: '#fff', stroke: '#d0d7de' }));
  chart.append(svg('text', { x: WIDTH - 6, y: HEIGHT - 5, 'font-size': 11, 'text-anchor': 'end', fill: '#57606a', 'aria-hidden': 'true' }, `${map.x.towards} →`));
  chart.append(svg('text', { x: 6, y: 14, 'font-size': 11, fill: '#57606a', 'aria-hidden': 'true' }, `↑ ${map.y.towards}`));
  // playlists' songs first, the scored ones on top
  const order = map.points.map((p, i) => i).sort((a, b) => Number(map.points[a].scored) - Number(map.points[b].scored));
  for (const i of order) {
    const p = map.points[i];
    const cx = sx(p.x);
    const cy = sy(p.y);
    const attrs = { class: `point${p.scored ? ' scored' : ''}${outside(p) ? ' outside' : ''}`, 'data-index': i, 'data-id': p.id, 'data-x': String(p.x), 'data-y': String(p.y) };
    const mark = p.scored
      ? svg('path', { ...attrs, d: `M${cx} ${cy - 6}L${cx + 6} ${cy}L${cx} ${cy + 6}L${cx - 6} ${cy}Z`, fill: '#fff', stroke: '#1b1f24', 'stroke-width': 1.5 })
      : svg('circle', { ...attrs, cx, cy, r: 4, fill: PALETTE[p.playlists[0] % PALETTE.length], 'fill-opacity': 0.8,
        stroke: p.playlists.length > 1 ? '#1b1f24' : '#fff', 'stroke-width': 0.8 });
    mark.addEventListener('mouseenter', () => showCard(i));
    mark.addEventListener('mouseleave', hideCard);
    chart.append(mark);
  }
  $('map-chart').replaceChildren(chart, el('div', { id: 'map-card', class: 'map-card', hidden: true }));
  $('map-table').replaceChildren(el('table', { id: 'map-points' },
    el('caption', { class: 'muted' }, `${map.points.length} songs; across and up are their places on the map`),
    el('thead', {}, el('tr', {}, ['Song', 'Playlist', 'Across', 'Up', 'In a musician\'s terms']
      .map((h, i) => el('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : '' }, h)))),
    el('tbody', {}, map.points.map((p, i) => el('tr', { 'data-id': p.id, 'data-index': i },
      el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', title: 'Show it on the map', onclick: () => { $('map-chart').scrollIntoView({ block: 'nearest' }); showCard(i); } }, p.name || p.id)),
      el('td', {}, playlistsOf(map, p)), el('td', { class: 'num' }, coordinate(p.x)), el('td', { class: 'num' }, coordinate(p.y)),
      el('td', {}, p.facts))))));
  $('map').dataset.points = String(map.points.length);
}

async function loadMap(vibeId, playlistId) {
  const mine = ++latest;
  const query = playlistId ? `?playlistId=${encodeURIComponent(playlistId)}` : '';
  try {
    const map = await api(`api/v1/vibes/${encodeURIComponent(vibeId)}/map${query}`);
    if (mine === latest) renderMap(map);
  } catch (e) {
    if (mine === latest) $('map-chart').replaceChildren(el('p', { class: 'down' }, `No map: ${e.message}`));
  }
}

// recommended songs (recommend.js) go on the same map
async function placeOnMap(vibeId, label, songs) {
  const mine = ++latest;
  try {
    const map = await api(`api/v1/vibes/${encodeURIComponent(vibeId)}/map`, { method: 'POST', body: JSON.stringify({ label, songs }) });
    if (mine === latest) renderMap(map);
  } catch (e) {
    if (mine === latest) $('map-chart').replaceChildren(el('p', { class: 'down' }, `No map: ${e.message}`));
  }
}

document.addEventListener('vibe:profile', (e) => loadMap(e.detail.vibeId));
document.addEventListener('vibe:recommended', (e) => placeOnMap(e.detail.vibeId, e.detail.label, e.detail.songs));
document.addEventListener('vibe:scored', (e) => loadMap(e.detail.vibeId, e.detail.playlistId));
document.addEventListener('keydown', (e) => { if (e.key === 'Escape') hideCard(); });
