package io.raftlite.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the snapshot-store TCK does not cover: crash leftovers, corruption, reopening the directory. */
class SnapshotFilesTest {
    @TempDir
    Path dir;

    @Test
    void aTemporaryFileLeftByACrashIsRemovedAndNeverListed() throws IOException {
        Files.writeString(dir.resolve("tmp-1234"), "half a snapshot");

        SnapshotFiles files = new SnapshotFiles(dir);

        assertFalse(Files.exists(dir.resolve("tmp-1234")));
        assertEquals(List.of(), files.list("p"));
    }

    @Test
    void savedSnapshotsSurviveReopeningNewestFirst() throws IOException {
        SnapshotFiles files = new SnapshotFiles(dir);
        files.save("raft-n1", 10, 1000, new SnapshotFiles.Content(7, "m", new byte[] {1, 2, 3}));
        files.save("raft-n1", 20, 500, new SnapshotFiles.Content(7, "m", new byte[] {4}));
        files.save("other/id with spaces", 30, 0, new SnapshotFiles.Content(7, "m", new byte[] {5}));

        SnapshotFiles reopened = new SnapshotFiles(dir);

        List<SnapshotFiles.Entry> entries = reopened.list("raft-n1");
        assertEquals(List.of(20L, 10L), entries.stream().map(SnapshotFiles.Entry::sequenceNr).toList());
        assertArrayEquals(new byte[] {4}, reopened.read(entries.get(0)).bytes());
        assertEquals(1, reopened.list("other/id with spaces").size());
    }

    @Test
    void aCorruptedFileFailsItsChecksum() throws IOException {
        SnapshotFiles files = new SnapshotFiles(dir);
        files.save("p", 1, 1, new SnapshotFiles.Content(7, "m", "payload".getBytes()));
        SnapshotFiles.Entry entry = files.list("p").get(0);
        byte[] bytes = Files.readAllBytes(entry.file());
        bytes[10] ^= 0x40;
        Files.write(entry.file(), bytes);

        IOException failure = assertThrows(IOException.class, () -> files.read(entry));
        assertTrue(failure.getMessage().contains("fails its checksum"), failure.getMessage());
    }
}
