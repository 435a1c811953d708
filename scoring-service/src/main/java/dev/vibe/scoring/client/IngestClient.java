package dev.vibe.scoring.client;

import dev.vibe.common.api.IngestReadApi;
import dev.vibe.common.security.ApiKeyClientFilter;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The ingest service's read API (stored playlists and vibe states), as common's {@link IngestReadApi} describes it,
 * at {@code quarkus.rest-client.ingest.url}, sending this service's API key.
 */
@RegisterProvider(ApiKeyClientFilter.class)
@RegisterRestClient(configKey = "ingest")
public interface IngestClient extends IngestReadApi {
}
