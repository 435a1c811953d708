/**
 * The read contract between the services: the JSON that ingest's read API answers ({@link IngestReadApi}) described
 * once, as records both sides use. Ingest returns these records from its REST resources; scoring's REST client is the
 * same interface, so a field renamed on one side is renamed on the other.
 */
package dev.vibe.common.api;
