/** Spotify for the signed-in listener: the PKCE sign-in and its loopback callback, the stored tokens, the settings, the listener's playlists, and how an import reaches Spotify. */
package dev.vibe.cli.spotify;
