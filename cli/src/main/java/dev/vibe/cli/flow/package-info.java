/** The steps of the user's flow through the services, shared by the subcommands: import a playlist, learn a vibe and wait for it, score a playlist. */
package dev.vibe.cli.flow;
