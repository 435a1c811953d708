package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scoring service's page in a real browser (Debian's headless Chromium driven through Debian's chromedriver)
 * against a running stack with a vibe of the demo playlists trained: the heatmap shows exactly the REST API's
 * probabilities, sorts, opens a song's explanation from the keyboard, scores a single song, and fits a phone's width.
 * Screenshots land in target/e2e/. Run by {@link UserFlowTest} on its stack.
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

    /** The page's checks for {@code vibe} (Bluey, Praise Bangers, No Words Allowed, Country) and a stored playlist. */
    static void check(VibeClient client, String vibe, String testPlaylist) throws Exception {
        String scoring = StackConfig.fromEnvironment().service("scoring").baseUrl();
        JsonNode api = client.scoringPost("/api/v1/vibes/" + vibe + "/score", Map.of("playlistId", testPlaylist));
        Map<String, JsonNode> expected = new HashMap<>();
        api.get("songs").forEach(s -> expected.put(s.get("id").asText(), s.get("probabilities")));

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
            }

            // the quality report and the profiles are there
            assertEquals(4, driver.findElements(By.cssSelector("#quality-table tbody tr")).size(), "the network and three baselines");
            assertTrue(driver.findElement(By.cssSelector("#quality-table tbody")).getText().contains("Random forest"));
            assertEquals(4, driver.findElements(By.cssSelector("#quality-reliability tbody tr")).size(), "a reliability row per playlist");
            assertEquals(4, driver.findElements(By.cssSelector("#legend li")).size());
            assertEquals(13, driver.findElements(By.cssSelector("#profile-chart svg > text")).size());
            shoot(driver, "vibe-page-desktop.png");

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
            for (int k = 0; k < 4; k++) {
                WebElement card = cards.get(k);
                assertEquals(3, card.findElements(By.cssSelector("ol.nearest li")).size(), "3 nearest songs");
                assertTrue(card.getText().contains(String.format(Locale.ROOT, "%.3f", expected.get(songId).get(k).asDouble())), card.getText());
                assertTrue(!card.findElements(By.cssSelector("ul.pushes-up li")).isEmpty());
            }
            shoot(driver, "vibe-page-explanation.png");

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
