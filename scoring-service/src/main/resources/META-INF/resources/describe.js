// Each playlist's vibe in words (from the REST profile's descriptions): what sets it apart, the numbers behind each
// phrase on hover and in a list anyone can read with the keyboard or a screen reader.
import { el, PALETTE } from './vibe.js';

const $ = (id) => document.getElementById(id);

function renderWords(profile) {
  const playlists = profile.playlists;
  $('vibe-words').replaceChildren(...playlists.map((p, k) => {
    const d = p.description || { summary: '', phrases: [] };
    return el('li', { class: 'vibe-words', 'data-playlist': k, style: `--swatch:${PALETTE[k % PALETTE.length]}` },
      el('strong', {}, p.playlist), ': ', el('span', { class: 'summary' }, d.summary),
      d.phrases.length ? el('ul', { class: 'phrases', 'aria-label': `What sets ${p.playlist} apart, with the numbers` },
        d.phrases.map((phrase) => el('li', {
          class: 'phrase',
          'data-feature': phrase.feature,
          'data-direction': phrase.direction,
          'data-playlist-value': String(phrase.playlist),
          'data-others-value': String(phrase.others),
          title: phrase.detail,
        }, el('span', { class: 'words' }, phrase.words), ' ',
        el('span', { class: 'numbers muted' }, `(${phrase.playlistText} vs ${phrase.othersText})`)))) : null);
  }));
}

document.addEventListener('vibe:profile', (e) => renderWords(e.detail.profile));
