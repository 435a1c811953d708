// Vibe's page: plain DOM and SVG, no dependencies. Everything comes from the scoring service's REST API.
const $ = (id) => document.getElementById(id);
// Okabe-Ito: distinguishable with colour-blindness.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const state = { vibe: null, model: null, features: [], scores: null, sort: { column: -1, descending: false }, selected: null };

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'style') node.style.cssText = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

// With vibe.api-key set the services answer 401 to a call without it: the page asks once and keeps the key for the tab
// (sessionStorage: gone when the tab closes, never sent anywhere but these services).
const KEY_STORE = 'vibe-api-key';
let asking = null;

function askForKey(detail) {
  asking = asking || Promise.resolve().then(() => {
    const key = window.prompt(`This Vibe is closed to callers without its API key (${detail}). API key:`);
    if (key && key.trim()) sessionStorage.setItem(KEY_STORE, key.trim());
    return Boolean(key && key.trim());
  }).finally(() => { asking = null; });
  return asking;
}

export async function api(path, options = {}, retried = false) {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', ...(options.headers || {}) };
  const key = sessionStorage.getItem(KEY_STORE);
  if (key) headers['X-API-Key'] = key;
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => null);
  if (response.status === 401 && !retried) {
    sessionStorage.removeItem(KEY_STORE);
    if (await askForKey(key ? 'the key given was not accepted' : 'none given yet')) return api(path, options, true);
  }
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : `HTTP ${response.status}`;
    const firstError = body && body.errors && body.errors.length ? ` (${body.errors[0].field}: ${body.errors[0].message})` : '';
    throw new Error(detail + firstError);
  }
  return body;
}

function say(text, error = false) {
  $('message').textContent = text || '';
  $('message').className = error ? 'error' : '';
}

const fmt = (x, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits));

function fmtFeature(key, value) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'missing';
  if (key === 'duration_ms') return `${Math.floor(value / 60000)}:${String(Math.round((value % 60000) / 1000)).padStart(2, '0')}`;
  if (key === 'tempo') return `${value.toFixed(0)} bpm`;
  if (key === 'loudness') return `${value.toFixed(1)} dB`;
  const feature = state.features.find((f) => f.key === key);
  return feature && feature.kind === 'categorical' ? String(Math.round(value)) : value.toFixed(2);
}

// White to deep blue; text turns white on dark cells (either way at least 4.5:1 contrast, WCAG AA).
function heat(p) {
  const from = [247, 251, 255];
  const to = [8, 48, 107];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * p));
  return { background: `rgb(${c.join(',')})`, color: p > 0.65 ? '#fff' : '#000' };
}

// ---------------------------------------------------------------- vibes and the model's quality

async function loadVibes() {
  const vibes = await api('api/v1/vibes');
  const select = $('vibe');
  select.replaceChildren(...vibes.map((v) => el('option', { value: v.vibeId },
    `${v.name || v.vibeId}: ${v.playlists.join(', ')}`)));
  if (!vibes.length) {
    say('No vibe has a model yet. Learn one first: ./vibe demo --keep, or ./vibe train P0 P1 ... --wait.');
    return;
  }
  const wanted = new URLSearchParams(location.hash.slice(1)).get('vibe');
  if (wanted && vibes.some((v) => v.vibeId === wanted)) select.value = wanted;
  await selectVibe(select.value);
}

async function selectVibe(vibeId) {
  state.vibe = vibeId;
  state.selected = null;
  say('');
  try {
    const [model, profile] = await Promise.all([api(`api/v1/vibes/${encodeURIComponent(vibeId)}/model`),
      api(`api/v1/vibes/${encodeURIComponent(vibeId)}/profile`)]);
    state.model = model;
    $('model-info').textContent = `model v${model.modelVersion}, trained ${new Date(model.createdAt).toLocaleString()}`;
    renderQuality(model.metrics || {});
    renderProfiles(profile);
    document.dispatchEvent(new CustomEvent('vibe:profile', { detail: { vibeId, profile, model } }));
    chooseDefaultTestPlaylist();
    await scoreTestPlaylist();
  } catch (e) {
    say(e.message, true);
  }
}

function renderQuality(report) {
  const rows = [['Network', report.network], ['Random forest', report.randomForest], ['Logistic regression', report.logisticRegression],
    ['Nearest centroid', report.nearestCentroid]];
  const columns = [['top1Accuracy', 'Top-1 accuracy', true], ['macroF1', 'Macro-F1', true], ['macroRocAuc', 'ROC-AUC', true],
    ['logLoss', 'Log-loss (lower is better)', false], ['expectedCalibrationError', 'Calibration error (lower is better)', false]];
  if (!report.network) {
    $('quality-body').replaceChildren(el('p', {}, 'This model carries no evaluation report.'));
    return;
  }
  const best = {};
  for (const [key, , higher] of columns) {
    const values = rows.map(([, m]) => (m ? m[key] : NaN)).filter((x) => typeof x === 'number' && !Number.isNaN(x));
    best[key] = higher ? Math.max(...values) : Math.min(...values);
  }
  const table = el('table', { id: 'quality-table' },
    el('caption', { class: 'muted' }, report.method ? `${report.method}, ${report.songs} songs` : ''),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Model'), columns.map(([, label]) => el('th', { scope: 'col', class: 'num' }, label)))),
    el('tbody', {}, rows.filter(([, m]) => m).map(([name, m]) => el('tr', {}, el('th', { scope: 'row' }, name),
      columns.map(([key]) => el('td', { class: `num${m[key] === best[key] ? ' better' : ''}` }, fmt(m[key])))))));
  const perPlaylist = (report.network.playlists || []).length ? el('table', { id: 'quality-playlists' },
    el('caption', { class: 'muted' }, 'Network, per playlist'),
    el('thead', {}, el('tr', {}, ['Playlist', 'Songs held out', 'Precision', 'Recall', 'F1', 'ROC-AUC', 'Calibration error']
      .map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)))),
    el('tbody', {}, report.network.playlists.map((p) => el('tr', {}, el('th', { scope: 'row' }, p.name),
      el('td', { class: 'num' }, p.positives), el('td', { class: 'num' }, fmt(p.precision)), el('td', { class: 'num' }, fmt(p.recall)),
      el('td', { class: 'num' }, fmt(p.f1)), el('td', { class: 'num' }, fmt(p.rocAuc)), el('td', { class: 'num' }, fmt(p.calibrationError)))))) : null;
  const bins = (report.network.playlists || [])[0] && report.network.playlists[0].reliability;
  const reliability = bins ? el('table', { id: 'quality-reliability' },
    el('caption', { class: 'muted' }, 'Network, reliability: of the held-out songs given a probability in each range, the share really on the playlist'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Playlist'),
      bins.map((b) => el('th', { scope: 'col', class: 'num' }, `${fmt(b.from, 1)}–${fmt(b.to, 1)}`)))),
    el('tbody', {}, report.network.playlists.map((p) => el('tr', {}, el('th', { scope: 'row' }, p.name),
      p.reliability.map((b) => el('td', { class: 'num', title: b.songs ? `${b.songs} songs, mean probability ${fmt(b.meanProbability)}` : 'no songs' },
        b.songs ? `${fmt(b.observedRate, 2)} (${b.songs})` : '–')))))) : null;
  $('quality-body').replaceChildren(el('p', { id: 'verdict' }, report.verdict ||
    (report.networkBeatsBaselines ? 'The network beats every baseline.' : 'The network does not beat every baseline.')), table, perPlaylist, reliability,
  openSet(report.openSet));
}

// Against the rest of the world: held-out playlist songs and held-out background songs, the network's absolute chances.
function openSet(o) {
  if (!o) return null;
  const pct = (x) => `${Math.round(x * 100)}%`;
  return el('div', { id: 'quality-open-set' },
    el('h3', {}, 'Against songs in general'),
    el('p', {}, `Each playlist's held-out songs rank above ${o.otherSongs} held-out songs on none of the playlists with a ROC-AUC of `,
      el('strong', {}, fmt(o.macroRocAuc)), `; ${pct(o.othersClaimed)} of those songs get a chance above 0.5 for some playlist. `,
      `A song fits none of the playlists when no chance reaches ${fmt(o.fitsNoneBelow, 2)}: ${pct(o.othersFittingNone)} of the other songs and `,
      `${pct(o.playlistSongsFittingNone)} of the playlists' own held-out songs do. Calibration error over both: ${fmt(o.expectedCalibrationError)}.`),
    el('table', { id: 'quality-open-reliability' },
      el('caption', { class: 'muted' }, 'Reliability over held-out playlist and other songs: of the songs given a chance in each range, the share really on the playlist'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Playlist'),
        o.playlists[0].reliability.map((b) => el('th', { scope: 'col', class: 'num' }, `${fmt(b.from, 1)}–${fmt(b.to, 1)}`)))),
      el('tbody', {}, o.playlists.map((p) => el('tr', {}, el('th', { scope: 'row' }, p.name),
        p.reliability.map((b) => el('td', { class: 'num', title: b.songs ? `${b.songs} songs, mean chance ${fmt(b.meanProbability)}` : 'no songs' },
          b.songs ? `${fmt(b.observedRate, 2)} (${b.songs})` : '–')))))));
}

// ---------------------------------------------------------------- playlist profiles (SVG box plots)

const PITCHES = ['C', 'C♯', 'D', 'D♯', 'E', 'F', 'F♯', 'G', 'G♯', 'A', 'A♯', 'B'];

function categoryName(key, v) {
  if (key === 'key') return v < 0 ? 'none' : PITCHES[v];
  if (key === 'mode') return v === 1 ? 'major' : 'minor';
  if (key === 'time_signature') return `${v}/4`;
  return String(v);
}

function describe(key, s) {
  if (!s.n) return 'missing';
  if (s.counts) {
    const [value, count] = Object.entries(s.counts).sort((a, b) => b[1] - a[1])[0];
    return `mostly ${categoryName(key, Number(value))} (${Math.round((100 * count) / s.n)}%)`;
  }
  return `${fmtFeature(key, s.median)} (${fmtFeature(key, s.q1)} – ${fmtFeature(key, s.q3)})`;
}

function renderProfiles(profile) {
  const playlists = profile.playlists;
  $('legend').replaceChildren(...playlists.map((p, k) => el('li', { style: `--swatch:${PALETTE[k % PALETTE.length]}` },
    `${p.playlist} (${p.songs} songs)`)));
  const labelWidth = 130;
  const width = 640;
  const plot = width - labelWidth - 10;
  const band = 9;
  const rowHeight = playlists.length * band + 14;
  const features = profile.overall.map((o) => o.feature);
  const height = features.length * rowHeight + 8;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
    'aria-label': `Distribution of each feature per playlist: ${playlists.map((p) => p.playlist).join(', ')}. The table below has the numbers.` });
  features.forEach((key, i) => {
    const overall = profile.overall[i];
    const y0 = i * rowHeight + 4;
    chart.append(svg('text', { x: 0, y: y0 + rowHeight / 2 + 3, 'font-size': 11, fill: '#1b1f24' }, key));
    chart.append(svg('line', { x1: labelWidth, x2: labelWidth + plot, y1: y0 + rowHeight - 3, y2: y0 + rowHeight - 3, stroke: '#d0d7de' }));
    if (overall.counts) {
      // categorical: one cell per value, as dark as the share of the playlist's songs that take it
      const values = Object.keys(overall.counts).map(Number).sort((a, b) => a - b);
      const cell = plot / values.length;
      const labels = svg('g', { 'aria-hidden': 'true' });
      values.forEach((v, j) => labels.append(svg('text', { x: labelWidth + j * cell + cell / 2, y: y0 + rowHeight - 5, 'font-size': 7,
        'text-anchor': 'middle', fill: '#57606a' }, categoryName(key, v))));
      chart.append(labels);
      playlists.forEach((p, k) => {
        const s = p.features[i];
        if (!s || s.n === 0) return;
        const colour = PALETTE[k % PALETTE.length];
        const y = y0 + 2 + k * band;
        const group = svg('g', {});
        const most = Math.max(...Object.values(s.counts || {}), 1);
        values.forEach((v, j) => {
          const count = (s.counts && s.counts[v]) || 0;
          group.append(svg('rect', { x: labelWidth + j * cell + 0.5, y, width: Math.max(1, cell - 1), height: band - 1.5, fill: colour,
            'fill-opacity': (0.06 + 0.94 * count / most).toFixed(3) },
          svg('title', {}, `${p.playlist} · ${key} ${categoryName(key, v)}: ${count} of ${s.n} songs (${Math.round((100 * count) / s.n)}%)`)));
        });
        chart.append(group);
      });
      return;
    }
    const lo = overall.min;
    const span = overall.max - overall.min || 1;
    const x = (v) => labelWidth + ((v - lo) / span) * plot;
    playlists.forEach((p, k) => {
      const s = p.features[i];
      if (!s || s.n === 0) return;
      const colour = PALETTE[k % PALETTE.length];
      const y = y0 + 3 + k * band + band / 2;
      const group = svg('g', {}, svg('title', {}, `${p.playlist} · ${key}: median ${fmtFeature(key, s.median)}, middle half ${fmtFeature(key, s.q1)} to ${fmtFeature(key, s.q3)}, range ${fmtFeature(key, s.min)} to ${fmtFeature(key, s.max)}`));
      group.append(svg('line', { x1: x(s.min), x2: x(s.max), y1: y, y2: y, stroke: colour, 'stroke-width': 1 }));
      group.append(svg('rect', { x: x(s.q1), y: y - band / 2 + 1, width: Math.max(1.5, x(s.q3) - x(s.q1)), height: band - 2,
        fill: colour, 'fill-opacity': 0.55, stroke: colour }));
      group.append(svg('line', { x1: x(s.median), x2: x(s.median), y1: y - band / 2, y2: y + band / 2, stroke: '#000', 'stroke-width': 2 }));
      chart.append(group);
    });
  });
  $('profile-chart').replaceChildren(chart);
  $('profile-table').replaceChildren(el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Feature'), playlists.map((p) => el('th', { scope: 'col', class: 'num' }, `${p.playlist}: median (middle half), or most common`)))),
    el('tbody', {}, features.map((key, i) => el('tr', {}, el('th', { scope: 'row' }, key),
      playlists.map((p) => el('td', { class: 'num' }, describe(key, p.features[i]))))))));
}

// ---------------------------------------------------------------- the test playlist's heatmap

async function loadPlaylists() {
  const playlists = await api('api/v1/playlists');
  $('test-playlist').replaceChildren(...playlists.map((p) => el('option', { value: p.id }, `${p.name} (${p.songs} songs)`)));
}

function chooseDefaultTestPlaylist() {
  const select = $('test-playlist');
  const wanted = new URLSearchParams(location.hash.slice(1)).get('playlist');
  const used = new Set(state.model.playlistIds);
  const options = [...select.options].map((o) => o.value);
  if (wanted && options.includes(wanted)) select.value = wanted;
  else if (used.has(select.value)) select.value = options.find((id) => !used.has(id)) || select.value;
}

async function scoreTestPlaylist() {
  const playlistId = $('test-playlist').value;
  if (!state.vibe || !playlistId) return;
  history.replaceState(null, '', `#vibe=${encodeURIComponent(state.vibe)}&playlist=${encodeURIComponent(playlistId)}`);
  $('heatmap').setAttribute('aria-busy', 'true');
  try {
    state.scores = await api(`api/v1/vibes/${encodeURIComponent(state.vibe)}/score?explain=true`,
      { method: 'POST', body: JSON.stringify({ playlistId }) });
    state.sort = { column: -1, descending: false };
    renderHeatmap();
    document.dispatchEvent(new CustomEvent('vibe:scored', { detail: { vibeId: state.vibe, playlistId, scores: state.scores } }));
    $('detail').replaceChildren();
    loadTracks(playlistId);
  } catch (e) {
    say(e.message, true);
  } finally {
    $('heatmap').removeAttribute('aria-busy');
  }
}

function sortedSongs() {
  const songs = state.scores.songs.map((s, i) => ({ ...s, index: i }));
  const { column, descending } = state.sort;
  if (column === -1) return songs;
  const key = column === -2 ? (s) => (s.name || s.id).toLowerCase() : (s) => s.probabilities[column];
  songs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (descending ? -1 : 1));
  return songs;
}

function sortBy(column) {
  const same = state.sort.column === column;
  state.sort = { column, descending: same ? !state.sort.descending : column !== -2 };
  renderHeatmap();
  const header = document.querySelector(`#heatmap th[data-column="${column}"] button`);
  if (header) header.focus();
}

function renderHeatmap() {
  const scores = state.scores;
  const ariaSort = (column) => (state.sort.column === column ? (state.sort.descending ? 'descending' : 'ascending') : null);
  const head = el('tr', {}, el('th', { scope: 'col', 'data-column': -2, 'aria-sort': ariaSort(-2) },
    el('button', { type: 'button', onclick: () => sortBy(-2) }, 'Song')),
  scores.playlists.map((name, k) => el('th', { scope: 'col', class: 'num', 'data-column': k, 'aria-sort': ariaSort(k) },
    el('button', { type: 'button', onclick: () => sortBy(k), title: `Sort by fit with ${name}` }, name))));
  head.append(el('th', { scope: 'col' }, 'Fits best'));
  const rows = sortedSongs().map((s) => el('tr', { 'data-song': s.id, class: [state.selected === s.index ? 'selected' : '', s.fitsNone ? 'fits-none' : ''].join(' ').trim() || null },
    el('th', { scope: 'row' }, el('button', { type: 'button', class: 'link', 'aria-controls': 'detail', onclick: () => showDetail(s.index) }, s.name || s.id)),
    s.probabilities.map((p, k) => {
      const colours = heat(p);
      return el('td', { class: 'cell', 'data-playlist': k, 'data-probability': String(p),
        style: `background:${colours.background};color:${colours.color}`, title: `${s.name || s.id} → ${scores.playlists[k]}: ${fmt(p)}` }, fmt(p));
    }),
    el('td', { class: 'best-fit' }, s.fitsNone ? el('span', { class: 'badge' }, 'fits none') : (s.bestFit ? s.bestFit.playlist : ''))));
  const none = scores.songs.filter((s) => s.fitsNone).length;
  const threshold = typeof scores.fitsNoneBelow === 'number'
    ? `; ${none} fit none of the playlists (no chance reaches ${fmt(scores.fitsNoneBelow, 2)})` : '';
  $('heatmap').replaceChildren(el('caption', { class: 'muted' },
    `${scores.songs.length} songs × ${scores.playlists.length} playlists, model v${scores.modelVersion}${threshold}`),
    el('thead', {}, head), el('tbody', {}, rows));
}

// "It is more acoustic (0.87) than most of Country (median 0.35): +0.083", the change in probability on hover.
function effectItem(f, sign) {
  return el('li', { 'data-feature': f.feature, title: `The probability would change by ${sign}${fmt(f.effect)} with ${f.typicalText}, the playlist's typical value` },
    `${f.words.charAt(0).toUpperCase()}${f.words.slice(1)}: ${sign}${fmt(f.effect)}`);
}

function explanationCards(song, playlists) {
  return el('div', { class: 'cards' }, song.explanation.map((x, k) => el('div', { class: 'card', 'data-playlist': k },
    el('h4', {}, x.playlist),
    el('div', { class: 'bar', role: 'img', 'aria-label': `probability ${fmt(x.probability)}` }, el('span', { style: `width:${(x.probability * 100).toFixed(1)}%` })),
    el('p', {}, `Chance it belongs on ${playlists[k]}: `, el('strong', {}, fmt(x.probability)),
      song.conditional ? ` (${fmt(song.conditional[k])} if it is on one of the playlists)` : ''),
    el('p', { class: 'summary' }, x.summary),
    el('p', { class: 'up' }, 'Pushes up:'),
    el('ul', { class: 'pushes-up' }, x.up.length ? x.up.map((f) => effectItem(f, '+')) : el('li', {}, 'nothing much')),
    el('p', { class: 'down' }, 'Pushes down:'),
    el('ul', { class: 'pushes-down' }, x.down.length ? x.down.map((f) => effectItem(f, '')) : el('li', {}, 'nothing much')),
    el('p', {}, 'Closest songs of the playlist:'),
    el('ol', { class: 'nearest' }, x.nearest.map((n) => el('li', {}, `${n.name || n.id} (distance ${fmt(n.distance, 2)})`))))));
}

function showDetail(index) {
  state.selected = index;
  const song = state.scores.songs[index];
  document.querySelectorAll('#heatmap tbody tr').forEach((tr) => tr.classList.toggle('selected', tr.dataset.song === song.id));
  const detail = $('detail');
  detail.replaceChildren(el('h3', { id: 'detail-title' }, `Why "${song.name || song.id}" fits (or not)`),
    song.summary ? el('p', { class: song.fitsNone ? 'summary fits-none' : 'summary' }, `It ${song.summary}.`) : null,
    el('p', { class: 'muted' }, 'Effect: how much the chance changes compared with the same song at the playlist\'s typical value of that feature.'),
    explanationCards(song, state.scores.playlists));
  detail.focus();
}

// ---------------------------------------------------------------- one song

function renderFeatureInputs() {
  $('feature-inputs').replaceChildren(...state.features.map((f) => el('div', { class: 'field' },
    el('label', { for: `f-${f.key}` }, f.key + (f.required ? '' : ' (optional)')),
    el('input', { id: `f-${f.key}`, name: f.key, type: 'number', min: f.min, max: f.max, required: f.required,
      step: f.kind === 'categorical' ? 1 : 'any', inputmode: 'decimal' }))));
}

async function loadTracks(playlistId) {
  try {
    const playlist = await api(`api/v1/playlists/${encodeURIComponent(playlistId)}`);
    state.tracks = playlist.songs;
    $('pick-track').replaceChildren(el('option', { value: '' }, '(type the features below)'),
      ...playlist.songs.map((s, i) => el('option', { value: i }, s.name || s.id)));
  } catch (e) {
    say(e.message, true);
  }
}

function fillFromTrack() {
  const i = $('pick-track').value;
  if (i === '') return;
  const track = state.tracks[Number(i)];
  for (const f of state.features) {
    const v = track.features[f.key];
    $(`f-${f.key}`).value = v === null || v === undefined ? '' : v;
  }
}

async function scoreOne(event) {
  event.preventDefault();
  if (!state.vibe) return;
  const features = {};
  for (const f of state.features) {
    const raw = $(`f-${f.key}`).value;
    if (raw !== '') features[f.key] = Number(raw);
  }
  const i = $('pick-track').value;
  const track = i === '' ? null : state.tracks[Number(i)];
  const song = { id: track ? track.id : 'typed-song', name: track ? track.name : 'Your song', features };
  try {
    const scores = await api(`api/v1/vibes/${encodeURIComponent(state.vibe)}/score?explain=true`,
      { method: 'POST', body: JSON.stringify({ songs: [song] }) });
    const scored = scores.songs[0];
    $('single-result').replaceChildren(el('h3', {}, `"${song.name}"`),
      scored.summary ? el('p', { class: scored.fitsNone ? 'summary fits-none' : 'summary' }, `It ${scored.summary}.`) : null,
      explanationCards(scored, scores.playlists));
  } catch (e) {
    $('single-result').replaceChildren(el('p', { class: 'down', role: 'alert' }, e.message));
  }
}

// ---------------------------------------------------------------- start

async function start() {
  $('vibe').addEventListener('change', (e) => selectVibe(e.target.value));
  $('test-playlist').addEventListener('change', () => scoreTestPlaylist());
  $('pick-track').addEventListener('change', fillFromTrack);
  $('song-form').addEventListener('submit', scoreOne);
  try {
    state.features = await api('api/v1/features');
    renderFeatureInputs();
    await loadPlaylists();
    await loadVibes();
  } catch (e) {
    say(e.message, true);
  }
  document.body.dataset.ready = 'true';
}

start();

// for the page's other parts (recommend.js)
export { $, fmt, fmtFeature };
