/** The CLI's settings files: the original project's .env. */
package dev.vibe.cli.config;
