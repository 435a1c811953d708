package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.stack.StackConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's "Songs that would fit" part in the real browser: pick a playlist of the vibe and a pool, see the same songs
 * in the same order as the REST API gives, each with why, placed on the vibe's map, and a CSV download link that serves the
 * same list. Run by
 * {@link UserFlowTest} once a catalogue is loaded.
 */
final class RecommendPageCheck {

    private RecommendPageCheck() {
    }

    static void check(VibeClient client, String vibe, String pool) throws Exception {
        String scoring = StackConfig.fromEnvironment().service("scoring").baseUrl();
        JsonNode api = client.scoringGet("/api/v1/vibes/" + vibe + "/recommendations?playlist=Country&limit=10&pool=" + pool);
        List<String> expected = new java.util.ArrayList<>();
        api.at("/playlists/0/songs").forEach(s -> expected.add(s.path("trackId").asText()));
        WebDriver driver = WebPageCheck.chromium();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(scoring + "/#vibe=" + vibe);
            wait.until(d -> "true".equals(d.findElement(By.id("recommend")).getAttribute("data-ready")));
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready"))); // the page's own start is done
            new Select(driver.findElement(By.id("rec-playlist"))).selectByValue("Country");
            new Select(driver.findElement(By.id("rec-pool"))).selectByValue(pool);
            WebElement top = driver.findElement(By.id("rec-top"));
            top.clear();
            top.sendKeys("10");
            driver.findElement(By.cssSelector("#recommend-form button[type=submit]")).click();
            wait.until(d -> d.findElements(By.cssSelector("#rec-table tbody tr")).size() == expected.size());
            List<WebElement> rows = driver.findElements(By.cssSelector("#rec-table tbody tr"));
            assertEquals(expected, rows.stream().map(r -> r.getAttribute("data-track")).toList(), "the REST API's picks, in its order");
            for (WebElement row : rows) {
                assertFalse(row.findElements(By.tagName("td")).get(3).getText().isBlank(), "every pick says why: " + row.getText());
            }
            // the picks go on the map among the playlists' songs, as diamonds with a row each in the map's table
            int training = client.scoringGet("/api/v1/vibes/" + vibe + "/map").get("points").size();
            wait.until(d -> String.valueOf(training + expected.size()).equals(d.findElement(By.id("map")).getAttribute("data-points")));
            List<String> onMap = driver.findElements(By.cssSelector("#map-chart .point.scored")).stream().map(e -> e.getAttribute("data-id")).toList();
            assertEquals(new java.util.HashSet<>(expected), new java.util.HashSet<>(onMap), "every pick on the map");
            WebElement download = driver.findElement(By.id("rec-download"));
            assertTrue(download.isDisplayed());
            HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(download.getAttribute("href"))).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, csv.statusCode());
            assertTrue(csv.body().startsWith("Track URI,"), csv.body());
            assertEquals(expected.size() + 1, csv.body().lines().count(), csv.body());
            WebPageCheck.shoot(driver, "vibe-page-recommendations.png");
        } finally {
            driver.quit();
        }
    }
}
