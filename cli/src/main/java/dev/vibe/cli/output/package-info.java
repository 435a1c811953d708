/** What the CLI prints for the services' answers, shared by the subcommands: the import report, the score matrix and the score --json document. */
package dev.vibe.cli.output;
