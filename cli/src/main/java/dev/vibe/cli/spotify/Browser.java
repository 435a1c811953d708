package dev.vibe.cli.spotify;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens a link in the listener's browser where there is one; never in CI. */
final class Browser {

    private Browser() {
    }

    static void open(URI uri) {
        if (System.getenv("CI") != null || (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null)) {
            return;
        }
        for (String opener : List.of("/usr/bin/xdg-open", "/usr/bin/open")) {
            if (Files.isExecutable(Path.of(opener))) {
                try {
                    new ProcessBuilder(opener, uri.toString()).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                } catch (IOException ignored) {
                    // the link is printed; the listener opens it
                }
                return;
            }
        }
    }
}
