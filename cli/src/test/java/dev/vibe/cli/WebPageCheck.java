package dev.vibe.cli;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.stack.StackConfig;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring service's page in a real browser (Debian's headless Chromium driven through Debian's chromedriver)
 * against a running stack with a vibe of the demo playlists trained: the heatmap shows exactly the REST API's
 * probabilities, sorts, opens a song's explanation from the keyboard, scores a single song, and fits a phone's width;
 * each playlist's vibe in words is the REST profile's, the map's points are the REST map's, explanations are in words,
 * and axe-core finds no serious or critical accessibility violation. Screenshots land in target/e2e/. Run by
 * {@link UserFlowTest} on its stack.
 */
final class WebPageCheck {

    static final Path SHOTS = Path.of("target", "e2e").toAbsolutePath();
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    private WebPageCheck() {
    }

    /** False (the check is skipped) where Debian's Chromium is not installed; under CI it must be. */
    static boolean browserInstalled() {
        boolean browser = CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
        if (!browser && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Chromium and chromedriver are missing: .ci/run installs Debian's chromium and chromium-driver");
        }
        return browser;
    }

    static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1800", "--user-data-dir=" + SHOTS.resolveSibling("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static void shoot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    static void shootElement(WebDriver driver, String id, String name) throws Exception {
        WebElement element = driver.findElement(By.id(id));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'});", element);
        Files.createDirectories(SHOTS);
        Files.write(SHOTS.resolve(name), element.getScreenshotAs(OutputType.BYTES));
    }

    /** Each playlist's vibe in words is the REST profile's, and every phrase agrees with the numbers shown beside it. */
    static void checkWords(WebDriver driver, JsonNode profile) throws Exception {
        List<WebElement> playlists = driver.findElements(By.cssSelector("#vibe-words > li"));
        assertEquals(4, playlists.size());
        int shown = 0;
        for (int k = 0; k < 4; k++) {
            JsonNode description = profile.at("/playlists/" + k + "/description");
            assertEquals(description.get("summary").asText(), playlists.get(k).findElement(By.cssSelector(".summary")).getText());
            List<WebElement> phrases = playlists.get(k).findElements(By.cssSelector("li.phrase"));
            assertEquals(description.get("phrases").size(), phrases.size());
            for (int i = 0; i < phrases.size(); i++) {
                JsonNode phrase = description.get("phrases").get(i);
                WebElement item = phrases.get(i);
                assertEquals(phrase.get("words").asText(), item.findElement(By.cssSelector(".words")).getText());
                assertEquals(phrase.get("detail").asText(), item.getAttribute("title"), "the numbers on hover");
                assertEquals("(" + phrase.get("playlistText").asText() + " vs " + phrase.get("othersText").asText() + ")",
                        item.findElement(By.cssSelector(".numbers")).getText());
                double mine = Double.parseDouble(item.getAttribute("data-playlist-value"));
                double others = Double.parseDouble(item.getAttribute("data-others-value"));
                switch (item.getAttribute("data-direction")) {
                    case "higher" -> assertTrue(mine > others, item.getText());
                    case "lower" -> assertTrue(mine < others, item.getText());
                    default -> assertTrue(mine > others, "a category more common on the playlist: " + item.getText());
                }
                shown++;
            }
        }
        assertTrue(shown > 0, "the demo playlists differ in some way");
        shootElement(driver, "profiles", "vibe-words-desktop.png");
    }

    /** The map draws exactly the REST map's points, in their order on both axes, with a hover card and a table. */
    static void checkMap(WebDriver driver, WebDriverWait wait, JsonNode map, int scoredSongs) throws Exception {
        JsonNode points = map.get("points");
        wait.until(d -> String.valueOf(points.size()).equals(d.findElement(By.id("map")).getAttribute("data-points")));
        List<WebElement> marks = driver.findElements(By.cssSelector("#map-chart .point"));
        assertEquals(points.size(), marks.size());
        assertEquals(scoredSongs, driver.findElements(By.cssSelector("#map-chart .point.scored")).size(), "the scored songs are on the map");
        @SuppressWarnings("unchecked")
        List<List<Object>> drawn = (List<List<Object>>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('#map-chart .point')].map(p => { const b = p.getBBox(); "
                        + "return [Number(p.dataset.index), p.dataset.id, Number(p.dataset.x), Number(p.dataset.y), b.x + b.width / 2, b.y + b.height / 2, p.classList.contains('scored')]; });");
        List<double[]> screen = new ArrayList<>();
        for (List<Object> m : drawn) {
            int i = ((Number) m.get(0)).intValue();
            JsonNode p = points.get(i);
            assertEquals(p.get("id").asText(), m.get(1));
            assertEquals(p.get("x").asDouble(), ((Number) m.get(2)).doubleValue(), 1e-9);
            assertEquals(p.get("y").asDouble(), ((Number) m.get(3)).doubleValue(), 1e-9);
            assertEquals(p.get("scored").asBoolean(), m.get(6));
            screen.add(new double[]{p.get("x").asDouble(), p.get("y").asDouble(), ((Number) m.get(4)).doubleValue(), ((Number) m.get(5)).doubleValue()});
        }
        // further right on the map is further right on the screen; further up is higher on the screen
        screen.sort(Comparator.comparingDouble(a -> a[0]));
        for (int i = 1; i < screen.size(); i++) {
            assertTrue(screen.get(i)[2] >= screen.get(i - 1)[2] - 1e-6, "x order");
        }
        screen.sort(Comparator.comparingDouble(a -> a[1]));
        for (int i = 1; i < screen.size(); i++) {
            assertTrue(screen.get(i)[3] <= screen.get(i - 1)[3] + 1e-6, "y order");
        }
        assertTrue(driver.findElement(By.id("map-axes")).getText().contains(map.at("/x/towards").asText()));

        // pointing at a scored song shows its card in a musician's terms
        WebElement scored = driver.findElement(By.cssSelector("#map-chart .point.scored"));
        JsonNode p = points.get(Integer.parseInt(scored.getAttribute("data-index")));
        new Actions(driver).moveToElement(scored).perform();
        WebElement card = driver.findElement(By.id("map-card"));
        wait.until(d -> card.isDisplayed());
        assertTrue(card.getText().contains(p.get("name").asText()) && card.getText().contains(p.get("facts").asText()), card.getText());

        // the table has every song, and from the keyboard a song's button shows it on the map
        driver.findElement(By.cssSelector("#map details summary")).sendKeys(Keys.ENTER);
        List<WebElement> rows = driver.findElements(By.cssSelector("#map-points tbody tr"));
        assertEquals(points.size(), rows.size());
        WebElement last = rows.get(rows.size() - 1);
        JsonNode lastPoint = points.get(points.size() - 1);
        assertEquals(lastPoint.get("id").asText(), last.getAttribute("data-id"));
        assertTrue(last.getText().contains(lastPoint.get("facts").asText()), last.getText());
        last.findElement(By.cssSelector("button")).sendKeys(Keys.ENTER);
        wait.until(d -> card.getText().contains(lastPoint.get("facts").asText()));
        assertTrue(driver.findElement(By.cssSelector("#map-chart .point[data-index='" + (points.size() - 1) + "']"))
                .getAttribute("class").contains("active"), "the song is marked on the map");
        // the picture for the README: a scored song's card (pointing at it brings the map into view), the table folded
        ((JavascriptExecutor) driver).executeScript("document.querySelector('#map details').open = false;");
        new Actions(driver).moveToElement(scored).perform();
        wait.until(d -> card.isDisplayed() && card.getText().contains(p.get("facts").asText()));
        shoot(driver, "vibe-map-desktop.png");
    }

    /** axe-core over the whole page, tables unfolded: no serious or critical violation. */
    static void accessible(WebDriver driver) {
        ((JavascriptExecutor) driver).executeScript("document.querySelectorAll('details').forEach(d => d.open = true);");
        List<Rule> violations = new AxeBuilder().analyze(driver).getViolations();
        List<String> bad = violations.stream().filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at " + r.getNodes().stream().limit(3)
                        .map(n -> String.valueOf(n.getTarget())).toList())
                .toList();
        assertEquals(List.of(), bad, "axe-core: serious or critical accessibility violations");
    }

    /** The page's checks for {@code vibe} (Bluey, Praise Bangers, No Words Allowed, Country) and a stored playlist. */
    static void check(VibeClient client, String vibe, String testPlaylist) throws Exception {
        String scoring = StackConfig.fromEnvironment().service("scoring").baseUrl();
        JsonNode api = client.scoringPost("/api/v1/vibes/" + vibe + "/score", Map.of("playlistId", testPlaylist));
        Map<String, JsonNode> expected = new HashMap<>();
        Map<String, JsonNode> scoredSongs = new HashMap<>();
        api.get("songs").forEach(s -> {
            expected.put(s.get("id").asText(), s.get("probabilities"));
            scoredSongs.put(s.get("id").asText(), s);
        });
        JsonNode outliers = client.scoringGet("/api/v1/vibes/" + vibe + "/outliers?limit=10");
        JsonNode explained = client.scoringPost("/api/v1/vibes/" + vibe + "/score?explain=true", Map.of("playlistId", testPlaylist));
        JsonNode profile = client.scoringGet("/api/v1/vibes/" + vibe + "/profile");
        JsonNode map = client.scoringGet("/api/v1/vibes/" + vibe + "/map?playlistId=" + testPlaylist);

        WebDriver driver = chromium();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(scoring + "/#vibe=" + vibe + "&playlist=" + testPlaylist);
            wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
            wait.until(d -> d.findElements(By.cssSelector("#heatmap tbody tr")).size() == api.get("songs").size());
            assertEquals("", driver.findElement(By.id("message")).getText(), "no error on the page");
            assertEquals(vibe, new Select(driver.findElement(By.id("vibe"))).getFirstSelectedOption().getAttribute("value"));

            // the heatmap's cells are the REST API's probabilities, in playlist order
            List<String> headers = driver.findElements(By.cssSelector("#heatmap thead th")).stream().map(WebElement::getText).toList();
            assertEquals("Song", headers.get(0));
            assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), headers.subList(1, 5));
            List<WebElement> rows = driver.findElements(By.cssSelector("#heatmap tbody tr"));
            for (WebElement row : rows) {
                JsonNode p = expected.get(row.getAttribute("data-song"));
                List<WebElement> cells = row.findElements(By.cssSelector("td.cell"));
                assertEquals(4, cells.size());
                for (int k = 0; k < 4; k++) {
                    double shown = Double.parseDouble(cells.get(k).getAttribute("data-probability"));
                    assertEquals(p.get(k).asDouble(), shown, 1e-6, row.getText());
                    assertEquals(String.format(Locale.ROOT, "%.3f", p.get(k).asDouble()), cells.get(k).getText());
                }
                // the song's best fit, or that it fits none of the playlists
                JsonNode song = scoredSongs.get(row.getAttribute("data-song"));
                String best = row.findElement(By.cssSelector("td.best-fit")).getText();
                assertEquals(song.get("fitsNone").asBoolean() ? "fits none" : song.get("bestFit").get("playlist").asText(), best, row.getText());
            }

            // the quality report and the profiles are there
            assertEquals(4, driver.findElements(By.cssSelector("#quality-table tbody tr")).size(), "the network and three baselines");
            assertTrue(driver.findElement(By.cssSelector("#quality-table tbody")).getText().contains("Random forest"));
            assertEquals(4, driver.findElements(By.cssSelector("#quality-reliability tbody tr")).size(), "a reliability row per playlist");
            assertEquals(4, driver.findElements(By.cssSelector("#quality-open-reliability tbody tr")).size(),
                    "a reliability row per playlist over held-out playlist and background songs");
            // the first playlist's misfits, as the REST API names them
            JsonNode misfits = outliers.get("playlists").get(0).get("outliers");
            wait.until(d -> d.findElements(By.cssSelector("#outliers-list li")).size() == misfits.size());
            List<WebElement> shownMisfits = driver.findElements(By.cssSelector("#outliers-list li"));
            for (int i = 0; i < misfits.size(); i++) {
                assertEquals(misfits.get(i).get("id").asText(), shownMisfits.get(i).getAttribute("data-song"));
                assertTrue(shownMisfits.get(i).getText().contains(misfits.get(i).get("summary").asText()), shownMisfits.get(i).getText());
            }
            assertEquals(4, driver.findElements(By.cssSelector("#legend li")).size());
            assertEquals(13, driver.findElements(By.cssSelector("#profile-chart svg > text")).size());
            shoot(driver, "vibe-page-desktop.png");
            checkWords(driver, profile);
            checkMap(driver, wait, map, api.get("songs").size());

            // sorting by a playlist's column, from its header
            driver.findElement(By.cssSelector("#heatmap th[data-column='3'] button")).click();
            WebElement sortedHeader = driver.findElement(By.cssSelector("#heatmap th[data-column='3']"));
            assertEquals("descending", sortedHeader.getAttribute("aria-sort"));
            List<Double> column = driver.findElements(By.cssSelector("#heatmap tbody td.cell[data-playlist='3']")).stream()
                    .map(c -> Double.parseDouble(c.getAttribute("data-probability"))).toList();
            for (int i = 1; i < column.size(); i++) {
                assertTrue(column.get(i - 1) >= column.get(i), "sorted descending: " + column);
            }

            // a song's explanation, opened with the keyboard
            WebElement first = driver.findElement(By.cssSelector("#heatmap tbody tr th button"));
            String songId = driver.findElement(By.cssSelector("#heatmap tbody tr")).getAttribute("data-song");
            first.sendKeys(Keys.ENTER);
            wait.until(d -> d.findElements(By.cssSelector("#detail .card")).size() == 4);
            assertEquals("detail", driver.switchTo().activeElement().getAttribute("id"), "focus moves to the explanation");
            List<WebElement> cards = driver.findElements(By.cssSelector("#detail .card"));
            JsonNode why = null;
            for (JsonNode s : explained.get("songs")) {
                if (s.get("id").asText().equals(songId)) {
                    why = s.get("explanation");
                }
            }
            for (int k = 0; k < 4; k++) {
                WebElement card = cards.get(k);
                // in words: the REST explanation's sentence, and each feature's words instead of raw numbers
                assertEquals(why.get(k).get("summary").asText(), card.findElement(By.cssSelector("p.summary")).getText());
                List<WebElement> ups = card.findElements(By.cssSelector("ul.pushes-up li[data-feature]"));
                assertEquals(why.get(k).get("up").size(), ups.size());
                for (int i = 0; i < ups.size(); i++) {
                    String words = why.get(k).get("up").get(i).get("words").asText();
                    assertTrue(ups.get(i).getText().startsWith(Character.toUpperCase(words.charAt(0)) + words.substring(1) + ": +"), ups.get(i).getText());
                }
                assertEquals(3, card.findElements(By.cssSelector("ol.nearest li")).size(), "3 nearest songs");
                assertTrue(card.getText().contains(String.format(Locale.ROOT, "%.3f", expected.get(songId).get(k).asDouble())), card.getText());
                assertTrue(!card.findElements(By.cssSelector("ul.pushes-up li")).isEmpty());
            }
            shoot(driver, "vibe-page-explanation.png");
            accessible(driver);

            // one song, picked from the stored tracks, scored inline: the same probabilities as in the heatmap
            new Select(driver.findElement(By.id("pick-track"))).selectByIndex(1);
            String pickedName = new Select(driver.findElement(By.id("pick-track"))).getFirstSelectedOption().getText();
            driver.findElement(By.cssSelector("#song-form button[type=submit]")).click();
            wait.until(d -> !d.findElement(By.id("single-result")).getText().isBlank());
            assertEquals(4, driver.findElements(By.cssSelector("#single-result .card")).size(), driver.findElement(By.id("single-result")).getText());
            JsonNode picked = null;
            for (JsonNode s : api.get("songs")) {
                if (s.get("name").asText().equals(pickedName)) {
                    picked = s.get("probabilities");
                }
            }
            assertTrue(picked != null, pickedName);
            String single = driver.findElement(By.id("single-result")).getText();
            for (int k = 0; k < 4; k++) {
                assertTrue(single.contains(String.format(Locale.ROOT, "%.3f", picked.get(k).asDouble())), single);
            }

            // a phone's width: nothing sticks out sideways except inside the scrolling table box
            driver.manage().window().setSize(new Dimension(390, 844));
            wait.until(d -> ((Long) ((JavascriptExecutor) d).executeScript("return window.innerWidth;")) <= 390);
            long overflow = (Long) ((JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            shoot(driver, "vibe-page-phone.png");
            shootElement(driver, "map", "vibe-map-phone.png");
            Object wide = ((JavascriptExecutor) driver).executeScript(
                    "const w = document.documentElement.clientWidth; return [...document.querySelectorAll('body *')]"
                            + ".filter(e => e.getBoundingClientRect().right > w + 1 && !e.closest('.scroll'))"
                            + ".slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(', ');");
            assertTrue(overflow <= 1, "the page scrolls sideways by " + overflow + " px at 390 px: " + wide);
        } finally {
            driver.quit();
        }
    }
}
