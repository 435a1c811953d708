package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

@Command(name = "catalogue", mixinStandardHelpOptions = true,
        description = {"Load a feature catalogue (a CSV with a track id column and the feature columns, .csv or .csv.gz, e.g. the",
                "bundled data/catalogue/tidytuesday_spotify_songs.csv.gz): it fills in features for imported songs that have none,",
                "and ./vibe recommend picks songs from it (--from catalogue:NAME). Loading it again under the same name replaces it."})
public class CatalogueCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", description = "The catalogue CSV (.csv or .csv.gz).")
    Path file;

    @Option(names = "--name", description = "The catalogue's name (default: the file name without extensions).")
    String name;

    @Override
    public Integer call() {
        String catalogue = name != null && !name.isBlank() ? name.strip()
                : file.getFileName().toString().replaceAll("(\\.csv)?(\\.gz)?$", "");
        byte[] body;
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            body = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode report = new VibeClient(StackConfig.fromEnvironment())
                .ingestPost("/api/v1/catalogue?name=" + URLEncoder.encode(catalogue, StandardCharsets.UTF_8), "text/csv", body);
        System.err.printf("loaded %,d songs into the catalogue '%s' (%,d rows read, %,d skipped)%n", report.path("loaded").asInt(), catalogue,
                report.path("rows").asInt(), report.path("skipped").asInt());
        System.out.println("catalogue:" + catalogue);
        return 0;
    }
}
