package dev.vibe.spotify;

import dev.vibe.fakes.FakeSpotify;
import dev.vibe.fakes.FakeSpotify.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.michaelthelin.spotify.enums.ModelObjectType;
import se.michaelthelin.spotify.exceptions.detailed.ForbiddenException;
import se.michaelthelin.spotify.model_objects.specification.Paging;
import se.michaelthelin.spotify.model_objects.specification.PlaylistSimplified;
import se.michaelthelin.spotify.model_objects.specification.PlaylistTrack;
import se.michaelthelin.spotify.model_objects.specification.Track;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request classes for the endpoints as Spotify answers them since February 2026, against a local fake. */
class SpotifyClientTest {

    static FakeSpotify spotify;
    static SpotifyEndpoints endpoints;

    @BeforeAll
    static void start() {
        spotify = FakeSpotify.start();
        endpoints = new SpotifyEndpoints(URI.create(spotify.baseUrl()), URI.create(spotify.baseUrl()), 5000);
    }

    @AfterAll
    static void stop() {
        spotify.close();
    }

    @BeforeEach
    void reset() {
        spotify.reset();
    }

    @Test
    void pkceChallengeIsTheS256OfTheVerifierAsRfc7636Says() {
        // RFC 7636 appendix B
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
        Pkce p = Pkce.generate();
        assertTrue(p.verifier().matches("[A-Za-z0-9_-]{43,128}"), p.verifier());
        assertEquals(Pkce.challengeOf(p.verifier()), p.challenge());
        assertTrue(!p.toString().contains(p.verifier()), "the verifier is a secret");
    }

    @Test
    void playlistItemsComeFromItemsInPagesOf50AndReadTheItemField() throws Exception {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            items.add(Item.track(String.format("Tr%020d", i), "Song " + i, List.of("Artist " + i), "Album", 200_000 + i));
        }
        items.add(Item.local("Garage Take"));
        items.add(Item.episode("Ep00000000000000000001", "A podcast"));
        items.add(Item.unavailable());
        spotify.playlist("Mine000000000000000001", "Mine", FakeSpotify.LISTENER, items);
        String token = spotify.userToken(FakeSpotify.LISTENER);

        List<PlaylistTrack> all = new ArrayList<>();
        for (int offset = 0; ; offset += 50) {
            Paging<PlaylistTrack> page = GetPlaylistItemsRequest.builder(endpoints, token, "Mine000000000000000001")
                    .limit(50).offset(offset).additionalTypes("track,episode").build().execute();
            all.addAll(List.of(page.getItems()));
            if (page.getNext() == null) {
                break;
            }
        }
        assertEquals(123, all.size());
        Track first = (Track) all.get(0).getTrack();
        assertEquals("Tr00000000000000000000", first.getId());
        assertEquals("Artist 0", first.getArtists()[0].getName());
        assertEquals(200_000, first.getDurationMs());
        assertTrue(all.get(120).getIsLocal());
        assertEquals(ModelObjectType.EPISODE, all.get(121).getTrack().getType());
        assertNull(all.get(122).getTrack());
        assertEquals(3, spotify.requests("/v1/playlists/.*/items").size());
        assertEquals(0, spotify.requests("/v1/playlists/.*/tracks").size());
    }

    @Test
    void theLimitIsAtMost50AndOnlyTheOwnersTokenReadsItems() {
        assertThrows(IllegalArgumentException.class, () -> GetPlaylistItemsRequest.builder(endpoints, "t", "x").limit(100));
        spotify.playlist("Theirs0000000000000001", "Theirs", "someone-else", List.of(Item.track("Tr00000000000000000001", "S", List.of("A"), "B", 1000)));
        String token = spotify.userToken(FakeSpotify.LISTENER);
        assertThrows(ForbiddenException.class, () -> GetPlaylistItemsRequest.builder(endpoints, token, "Theirs0000000000000001").limit(50).build().execute());
    }

    @Test
    void myPlaylistsCarryTheirSongCountFromItems() throws Exception {
        spotify.playlist("Mine000000000000000001", "Road Trip", FakeSpotify.LISTENER, List.of(
                Item.track("Tr00000000000000000001", "S", List.of("A"), "B", 1000), Item.track("Tr00000000000000000002", "T", List.of("A"), "B", 1000)));
        spotify.playlist("Followed00000000000001", "Someone's", "someone-else", List.of(), FakeSpotify.LISTENER);
        String token = spotify.userToken(FakeSpotify.LISTENER);
        Paging<PlaylistSimplified> page = GetMyPlaylistsRequest.builder(endpoints, token).limit(50).build().execute();
        assertEquals(2, page.getTotal());
        PlaylistSimplified roadTrip = List.of(page.getItems()).stream().filter(p -> p.getName().equals("Road Trip")).findFirst().orElseThrow();
        assertEquals(2, roadTrip.getTracks().getTotal());
        assertEquals(FakeSpotify.LISTENER, roadTrip.getOwner().getId());
        assertThrows(IllegalArgumentException.class, () -> GetMyPlaylistsRequest.builder(endpoints, token).limit(51));
    }

    @Test
    void theLibrarysOwnItemsRequestIsRefusedTodayWhichIsWhyTheseExist() {
        spotify.playlist("Mine000000000000000001", "Mine", FakeSpotify.LISTENER, List.of(Item.track("Tr00000000000000000001", "S", List.of("A"), "B", 1000)));
        String token = spotify.userToken(FakeSpotify.LISTENER);
        var api = endpoints.withAccessToken(token);
        assertThrows(ForbiddenException.class, () -> api.getPlaylistsItems("Mine000000000000000001").build().execute());
    }

    @Test
    void olderAnswersWithTrackInsteadOfItemStillRead() {
        String older = "{\"items\":[{\"added_at\":\"2025-01-01T00:00:00Z\",\"is_local\":false,\"track\":{\"id\":\"Tr00000000000000000001\","
                + "\"name\":\"Old shape\",\"type\":\"track\",\"duration_ms\":1000,\"artists\":[],\"album\":{\"name\":\"A\"}}}],"
                + "\"limit\":50,\"offset\":0,\"total\":1,\"next\":null}";
        Paging<PlaylistTrack> page = new PlaylistItemsJson().createModelObjectPaging(older);
        assertEquals("Old shape", page.getItems()[0].getTrack().getName());
    }

    @Test
    void spotifyAnswersALimitAbove50With400AndMyPlaylistsPageThroughAll() throws Exception {
        String token = spotify.userToken(FakeSpotify.LISTENER);
        var raw = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(spotify.baseUrl() + "/v1/me/playlists?limit=100")).header("Authorization", "Bearer " + token).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(400, raw.statusCode());
        for (int i = 0; i < 60; i++) {
            spotify.playlist(String.format("Pl%020d", i), "P" + i, FakeSpotify.LISTENER, List.of());
        }
        int seen = 0;
        for (int offset = 0; ; offset += 50) {
            Paging<PlaylistSimplified> page = GetMyPlaylistsRequest.builder(endpoints, token).limit(50).offset(offset).build().execute();
            seen += page.getItems().length;
            if (page.getNext() == null) {
                break;
            }
        }
        assertEquals(60, seen);
    }

    @Test
    void aPrivatePlaylistIsCreatedForTheListenerAndFilledAtMost100UrisACall() throws Exception {
        String token = spotify.userToken(FakeSpotify.LISTENER);
        se.michaelthelin.spotify.model_objects.specification.Playlist made = CreateMyPlaylistRequest.builder(endpoints, token, "Vibe picks")
                .isPublic(false).description("made by Vibe").build().execute();
        assertEquals("Vibe picks", spotify.playlistsOwnedBy(FakeSpotify.LISTENER).get(made.getId()));
        assertEquals(false, made.getIsPublicAccess());
        List<String> uris = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            uris.add("spotify:track:" + String.format("Tr%020d", i));
        }
        AddPlaylistItemsRequest.builder(endpoints, token, made.getId(), uris).build().execute();
        assertEquals(100, spotify.items(made.getId()).size());
        assertEquals("Tr00000000000000000099", spotify.items(made.getId()).get(99).id());
        assertEquals(1, spotify.requests("/v1/me/playlists").size());
        assertEquals(1, spotify.requests("/v1/playlists/.*/items").size());
        List<String> tooMany = new ArrayList<>(uris);
        tooMany.add("spotify:track:Tr00000000000000000100");
        assertThrows(IllegalArgumentException.class, () -> AddPlaylistItemsRequest.builder(endpoints, token, made.getId(), tooMany));
    }
}
