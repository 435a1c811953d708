package dev.vibe.fakes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Answers as Spotify writes them (its error body, JSON, the accounts service's HTML and token errors), for the fakes. */
final class SpotifyResponses {

    static final ObjectMapper JSON = new ObjectMapper();

    private SpotifyResponses() {
    }

    static ResponseDefinitionBuilder error(int status, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("status", status).put("message", message);
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(e.toString());
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
    }

    static ResponseDefinition json(int status, JsonNode body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body.toString()).build();
    }

    static ResponseDefinition html(int status, String text) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/html").withBody("<html><body>" + text + "</body></html>").build();
    }

    static ResponseDefinition tokenError(String error, String description) {
        return json(400, JSON.createObjectNode().put("error", error).put("error_description", description));
    }

    static Map<String, String> form(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
