/** The subcommands of the listener's Spotify account: login, logout, playlists. */
package dev.vibe.cli.command.spotify;
