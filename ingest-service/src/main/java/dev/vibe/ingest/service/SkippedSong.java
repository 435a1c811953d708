package dev.vibe.ingest.service;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A song that was not put on a playlist, and why.
 *
 * @param line     its line in the CSV (null for Spotify imports)
 * @param position its position in the Spotify playlist (null for CSV imports)
 * @param field    the column at fault, or null for the row as a whole
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SkippedSong(Integer line, Integer position, String field, String trackId, String name, String reason) {
}
