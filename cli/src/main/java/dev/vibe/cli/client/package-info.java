/** The HTTP client of the ingest and scoring services, whose errors are one line that says what to do. */
package dev.vibe.cli.client;
