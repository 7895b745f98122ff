package io.raftlite.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM options a node process starts with, read from {@code jvm.options} (the same file the
 * launchers in {@code bin/} read), so every way of starting a node runs the same JVM: the bench's
 * local cluster here, the launchers and the end-to-end tests.
 */
public final class JvmOptions {
    private static final String RESOURCE = "/jvm.options";

    private JvmOptions() {
    }

    /** The options of {@code jvm.options}, without comments and blank lines. */
    public static List<String> node() {
        try (InputStream in = JvmOptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The node options plus the class-data archive {@code bin/raftlite-cds} trained for this jar,
     * when there is one newer than the jar (a stale archive would be refused by the JVM anyway).
     */
    public static List<String> node(Optional<Path> jar) {
        List<String> options = new ArrayList<>(node());
        jar.flatMap(JvmOptions::freshArchive).ifPresent(archive -> options.add("-XX:SharedArchiveFile=" + archive));
        return options;
    }

    /** The archive next to {@code jar} ({@code raftlite.jar} → {@code raftlite.jsa}) if it is newer than the jar. */
    static Optional<Path> freshArchive(Path jar) {
        String name = jar.getFileName().toString();
        if (!name.endsWith(".jar")) {
            return Optional.empty();
        }
        Path archive = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
        try {
            return Files.isRegularFile(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) > 0
                    ? Optional.of(archive) : Optional.empty();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    static List<String> parse(String text) {
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            String option = line.strip();
            if (!option.isEmpty() && !option.startsWith("#")) {
                options.add(option);
            }
        }
        return List.copyOf(options);
    }
}
