/** The {@code vibe} command line: {@link dev.vibe.cli.VibeCommand}, its entry point (the jar's main class), with its subcommands in {@code command}. */
package dev.vibe.cli;
