package dev.vibe.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds out, before anything starts, whether the ports the local stack needs are free; a taken one is reported in one
 * line that names the port, what it is for, what holds it (read from /proc where the OS allows) and the variable that
 * moves it. Never adopts a server it did not start: a taken port is an error, not a server to reuse.
 */
public final class PortCheck {

    private PortCheck() {
    }

    /** A port the stack needs: what for, and the variable that moves it. */
    public record Need(int port, String what, String variable) {
    }

    /** The first taken port of {@code needs}, as a message that says what to do; empty if all are free. */
    public static Optional<String> firstTaken(List<Need> needs) {
        for (Need n : needs) {
            if (!bindable(n.port())) {
                return Optional.of(message(n));
            }
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalStateException} with {@link #message} if the port is taken. */
    public static void requireFree(Need need) {
        if (!bindable(need.port())) {
            throw new IllegalStateException(message(need));
        }
    }

    static String message(Need n) {
        return "port " + n.port() + " (" + n.what() + ") is already in use" + holder(n.port()).map(h -> " by " + h).orElse("")
                + ": stop that, or give Vibe another port with " + n.variable() + "=" + suggestion(n.port());
    }

    /** True if nothing listens on 127.0.0.1:port (nor on all interfaces). */
    public static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int suggestion(int port) {
        for (int p = port + 1; p < Math.min(65535, port + 100); p++) {
            if (bindable(p)) {
                return p;
            }
        }
        return Ports.free();
    }

    /** "pid 1234 (java -jar ...)" for the process listening on the port, if /proc tells. */
    static Optional<String> holder(int port) {
        try {
            String inode = listeningInode(port).orElse(null);
            if (inode == null) {
                return Optional.empty();
            }
            String socket = "socket:[" + inode + "]";
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
                        if (fds.anyMatch(fd -> socket.equals(readLink(fd)))) {
                            return Optional.of("pid " + proc.getFileName() + " (" + command(proc) + ")");
                        }
                    } catch (IOException | SecurityException ignored) {
                        // not ours to look at
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<String> listeningInode(int port) throws IOException {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) { // 0A = LISTEN
                    return Optional.of(f[9]);
                }
            }
        }
        return Optional.empty();
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    private static String command(Path proc) {
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return cmd.length() > 80 ? cmd.substring(0, 80) + "…" : cmd;
        } catch (IOException e) {
            return "?";
        }
    }
}
