// The page's "Songs that would fit" part: the best songs of a pool for a playlist of the selected vibe, each with why,
// and the same list as a CSV download. Uses the page's helpers from vibe.js.
import { $, el, api, fmt, fmtFeature } from './vibe.js';

async function loadPools() {
  const [pools, playlists] = await Promise.all([api('api/v1/pools'), api('api/v1/playlists').catch(() => [])]);
  const options = pools.map((p) => el('option', { value: p.id }, `${p.description} (${p.songs.toLocaleString()} songs)`));
  options.push(...playlists.map((p) => el('option', { value: `playlist:${p.id}` }, `the playlist ${p.name} (${p.songs} songs)`)));
  $('rec-pool').replaceChildren(...options);
}

async function loadVibePlaylists() {
  const vibeId = $('vibe').value;
  if (!vibeId) return;
  const vibes = await api('api/v1/vibes');
  const vibe = vibes.find((v) => v.vibeId === vibeId);
  $('rec-playlist').replaceChildren(...(vibe ? vibe.playlists : []).map((name) => el('option', { value: name }, name)));
  $('rec-result').replaceChildren();
  $('rec-download').hidden = true;
}

function query() {
  const q = new URLSearchParams({ playlist: $('rec-playlist').value, pool: $('rec-pool').value, limit: $('rec-top').value });
  if ($('rec-only-here').checked) q.set('minMargin', '0');
  return q;
}

function why(x) {
  if (!x) return '';
  const like = x.nearest.slice(0, 2).map((n) => n.name || n.id);
  if (x.summary) return like.length ? `${x.summary}; close to ${like.join(' and ')}` : x.summary;
  const up = x.up.slice(0, 2).map((f) => `${f.feature} ${fmtFeature(f.feature, f.value)}`);
  return [up.length ? `fits for its ${up.join(' and ')}` : '', like.length ? `close to ${like.join(' and ')}` : ''].filter(Boolean).join('; ');
}

let keysOnce;
function featureKeys() {
  keysOnce = keysOnce || api('api/v1/features').then((features) => features.map((f) => f.key));
  return keysOnce;
}

async function recommend(event) {
  event.preventDefault();
  const vibeId = $('vibe').value;
  const q = query();
  $('rec-result').replaceChildren(el('p', { class: 'muted' }, 'Looking…'));
  try {
    const r = await api(`api/v1/vibes/${encodeURIComponent(vibeId)}/recommendations?${q}`);
    const p = r.playlists[0];
    const rows = p.songs.map((s) => el('tr', { 'data-track': s.trackId },
      el('td', { class: 'num' }, s.rank),
      el('th', { scope: 'row' }, s.name || s.trackId),
      el('td', {}, s.artists.join(', ')),
      el('td', { class: 'num', 'data-probability': s.probability }, fmt(s.probability, 2)),
      el('td', {}, why(s.explanation))));
    $('rec-result').replaceChildren(
      el('p', {}, `${p.songs.length} of ${p.candidates.toLocaleString()} songs of ${r.pool} (${r.poolSongs.toLocaleString()} songs) that could fit ${p.playlist}, best first.`),
      el('div', { class: 'scroll' }, el('table', { id: 'rec-table' },
        el('caption', { class: 'muted' }, `Songs for ${p.playlist}, model v${r.modelVersion}`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', class: 'num' }, '#'), el('th', { scope: 'col' }, 'Song'),
          el('th', { scope: 'col' }, 'Artists'), el('th', { scope: 'col', class: 'num' }, 'Fits'), el('th', { scope: 'col' }, 'Why'))),
        el('tbody', {}, rows))));
    // the picks on the map too, among the playlists' songs
    const keys = (await featureKeys());
    document.dispatchEvent(new CustomEvent('vibe:recommended', { detail: { vibeId, label: `picks for ${p.playlist}`,
      songs: p.songs.map((s) => ({ id: s.trackId, name: s.name,
        features: Object.fromEntries(keys.map((k, j) => [k, Number(s.features[j])]).filter(([, v]) => !Number.isNaN(v))) })) } }));
    q.set('format', 'csv');
    $('rec-download').href = `api/v1/vibes/${encodeURIComponent(vibeId)}/recommendations?${q}`;
    $('rec-download').hidden = false;
  } catch (e) {
    $('rec-result').replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message));
  }
}

async function start() {
  $('recommend-form').addEventListener('submit', recommend);
  $('vibe').addEventListener('change', loadVibePlaylists);
  try {
    await loadPools();
    // the vibe list is filled by vibe.js; wait for it
    for (let i = 0; i < 100 && !$('vibe').value; i++) await new Promise((r) => setTimeout(r, 100));
    await loadVibePlaylists();
  } catch (e) {
    $('rec-result').replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message));
  }
  $('recommend').dataset.ready = 'true';
}

start();
