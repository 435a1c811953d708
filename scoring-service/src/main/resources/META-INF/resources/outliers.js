// "Songs that do not fit their own playlist": GET /api/v1/vibes/{id}/outliers?playlist=P
import { $, api, el, fmt } from './vibe.js';

let vibe = null;

async function show() {
  const playlist = $('outliers-playlist').value;
  if (!vibe || !playlist) return;
  try {
    const answer = await api(`api/v1/vibes/${encodeURIComponent(vibe)}/outliers?limit=10&playlist=${encodeURIComponent(playlist)}`);
    const p = answer.playlists[0];
    $('outliers-result').replaceChildren(el('ol', { id: 'outliers-list', 'aria-label': `The songs of ${p.playlist} that fit it least` },
      p.outliers.map((s) => el('li', { 'data-song': s.id },
        el('strong', {}, s.name || s.id), s.artists && s.artists.length ? ` by ${s.artists.join(', ')}` : '',
        `: chance ${fmt(s.probability)} that it belongs on ${p.playlist}. `, el('span', { class: 'summary' }, `It ${s.summary}.`)))),
    el('p', { class: 'muted' }, `The ${p.outliers.length} least fitting of its ${p.songs} songs`
      + (p.judged < p.songs ? ` (of the ${p.judged} judged by a model that did not learn them).` : '.')));
  } catch (e) {
    $('outliers-result').replaceChildren(el('p', { class: 'muted' }, e.message));
  }
}

document.addEventListener('vibe:profile', (e) => {
  vibe = e.detail.vibeId;
  const model = e.detail.model;
  $('outliers-playlist').replaceChildren(...model.playlistIds.map((id, k) => el('option', { value: id }, model.playlists[k])));
  show();
});
$('outliers-playlist').addEventListener('change', show);
