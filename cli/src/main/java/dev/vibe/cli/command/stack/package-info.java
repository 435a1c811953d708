/** The subcommands of the local stack: up, down, status, and the demo that runs the whole job on it. */
package dev.vibe.cli.command.stack;
