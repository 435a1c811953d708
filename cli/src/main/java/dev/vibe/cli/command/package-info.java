/** The subcommands that work with playlists and vibes: import, catalogue, train, score, describe, outliers, recommend, run, eval. */
package dev.vibe.cli.command;
