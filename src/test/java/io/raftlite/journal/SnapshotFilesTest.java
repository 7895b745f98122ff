package io.raftlite.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;

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
        SnapshotFiles.Entry entry = savedPayload(files);
        byte[] bytes = Files.readAllBytes(entry.file());
        bytes[12] ^= 0x40; // in the payload; a flipped length field is refused by its own check (below)
        Files.write(entry.file(), bytes);

        IOException failure = assertThrows(IOException.class, () -> files.read(entry));
        assertTrue(failure.getMessage().contains("fails its checksum"), failure.getMessage());
    }

    @Test
    void aLargeSnapshotAndANonAsciiManifestComeBackIntact() throws IOException {
        SnapshotFiles files = new SnapshotFiles(dir);
        byte[] payload = new byte[5 * 1024 * 1024 + 3];
        new Random(1).nextBytes(payload);
        files.save("p", 1, 1, new SnapshotFiles.Content(42, "Stored\u00e9#1", payload));

        SnapshotFiles.Content read = files.read(files.list("p").get(0));

        assertEquals(42, read.serializerId());
        assertEquals("Stored\u00e9#1", read.manifest());
        assertArrayEquals(payload, read.bytes());
    }

    /** The layout written before saves stopped copying: files already on disk must still load. */
    @Test
    void aFileInTheLayoutOfEarlierReleasesStillReads() throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(9);
            out.writeUTF("m");
            out.writeInt(3);
            out.write(new byte[] {7, 8, 9});
        }
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.toByteArray());
        byte[] file = ByteBuffer.allocate(buffer.size() + Long.BYTES).put(buffer.toByteArray()).putLong(checksum.getValue()).array();
        Files.write(dir.resolve("snapshot-p-5-6"), file);

        SnapshotFiles files = new SnapshotFiles(dir);
        SnapshotFiles.Content read = files.read(files.list("p").get(0));

        assertEquals(9, read.serializerId());
        assertArrayEquals(new byte[] {7, 8, 9}, read.bytes());
    }

    @Test
    void aTruncatedFileOrABadLengthIsRefusedBeforeAnythingIsAllocated() throws IOException {
        SnapshotFiles files = new SnapshotFiles(dir);
        SnapshotFiles.Entry entry = savedPayload(files);
        byte[] whole = Files.readAllBytes(entry.file());

        Files.write(entry.file(), Arrays.copyOf(whole, whole.length - 3));
        IOException truncated = assertThrows(IOException.class, () -> files.read(entry));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());

        byte[] hugeLength = whole.clone();
        ByteBuffer.wrap(hugeLength).putInt(Integer.BYTES + 2 + 1, Integer.MAX_VALUE - 8); // after the id and "m"
        Files.write(entry.file(), hugeLength);
        IOException badLength = assertThrows(IOException.class, () -> files.read(entry));
        assertTrue(badLength.getMessage().contains("bad length"), badLength.getMessage());

        Files.write(entry.file(), Arrays.copyOf(whole, 3));
        IOException tooShort = assertThrows(IOException.class, () -> files.read(entry));
        assertTrue(tooShort.getMessage().contains("truncated"), tooShort.getMessage());
    }

    /** A snapshot of "payload" saved as p, sequence 1. */
    private static SnapshotFiles.Entry savedPayload(SnapshotFiles files) throws IOException {
        files.save("p", 1, 1, new SnapshotFiles.Content(7, "m", "payload".getBytes()));
        return files.list("p").get(0);
    }
}
