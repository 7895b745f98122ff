package io.raftlite.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A fresh directory for the plugins' files and the config that points both plugins at it. */
final class TemporaryPersistence {
    final Path directory;
    final Config config;

    TemporaryPersistence() {
        try {
            directory = Files.createTempDirectory("raftlite-persistence");
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        config = ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "raftlite-persistence.journal"
                pekko.persistence.snapshot-store.plugin = "raftlite-persistence.snapshot-store"
                raftlite-persistence.journal.path = "%s"
                raftlite-persistence.snapshot-store.dir = "%s"
                """.formatted(directory.resolve("raft.db"), directory.resolve("snapshots")))
                .withFallback(ConfigFactory.load());
    }

    void delete() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir is harmless
        }
    }
}
