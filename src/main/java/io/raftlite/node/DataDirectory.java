package io.raftlite.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Makes sure the data directory exists and is writable before anything is started in it. */
final class DataDirectory {
    private DataDirectory() {
    }

    static Path prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
            return dir.toAbsolutePath().normalize();
        } catch (IOException | SecurityException failure) {
            throw new IllegalArgumentException("'" + dir + "' cannot be created or written (" + failure + ")");
        }
    }
}
