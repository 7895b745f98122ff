package io.raftlite.journal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;

/**
 * Snapshot files in one directory, named {@code snapshot-<persistence id>-<sequence nr>-<timestamp>}
 * (the id URL-encoded), so listing the directory is the index and no second store can disagree with
 * it. A file holds the serializer id, manifest and bytes, followed by a CRC32C of all of it.
 */
final class SnapshotFiles {
    record Entry(Path file, String persistenceId, long sequenceNr, long timestamp) {
    }

    record Content(int serializerId, String manifest, byte[] bytes) {
    }

    private static final Pattern NAME = Pattern.compile("snapshot-(.+)-(\\d+)-(\\d+)");
    private static final String TEMPORARY_PREFIX = "tmp-";

    private final Path directory;

    SnapshotFiles(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            removeLeftoverTemporaryFiles();
        } catch (IOException failure) {
            throw new IllegalStateException("cannot use the snapshot directory " + directory + ": " + failure.getMessage(), failure);
        }
    }

    /** A crash during a save leaves a temporary file that was never renamed: it holds nothing valid. */
    private void removeLeftoverTemporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(TEMPORARY_PREFIX)).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Writes the content bytes as they are, with no copy: a Raft storage snapshot holds the whole
     * uncompacted log, tens of MiB, and a copy per step (four, before) ran a node out of heap.
     */
    void save(String persistenceId, long sequenceNr, long timestamp, Content content) throws IOException {
        ByteBuffer header = header(content);
        CRC32C checksum = new CRC32C();
        checksum.update(header.duplicate());
        checksum.update(content.bytes());
        ByteBuffer[] data = {header, ByteBuffer.wrap(content.bytes()),
                ByteBuffer.allocate(Long.BYTES).putLong(0, checksum.getValue())};

        Path temporary = directory.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (data[data.length - 1].hasRemaining()) {
                channel.write(data);
            }
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(name(persistenceId, sequenceNr, timestamp)), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(); // the rename itself must be durable, or a crash could bring back nothing
    }

    /** The serializer id, manifest and length that precede the content bytes. */
    private static ByteBuffer header(Content content) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(content.serializerId());
            out.writeUTF(content.manifest());
            out.writeInt(content.bytes().length);
        }
        return ByteBuffer.wrap(buffer.toByteArray());
    }

    /** Reads the content bytes straight into their array (no whole-file copy), checking the CRC as it goes. */
    Content read(Entry entry) throws IOException {
        long size = Files.size(entry.file());
        CRC32C checksum = new CRC32C();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(entry.file()));
             DataInputStream in = new DataInputStream(new CheckedInputStream(file, checksum))) {
            int serializerId = in.readInt();
            String manifest = in.readUTF();
            int length = in.readInt();
            long headerBytes = header(new Content(serializerId, manifest, new byte[0])).remaining();
            if (length < 0 || headerBytes + length + Long.BYTES != size) {
                throw new IOException("snapshot " + entry.file() + " is truncated or has a bad length");
            }
            byte[] bytes = new byte[length];
            in.readFully(bytes);
            long computed = checksum.getValue();
            // Neither DataInputStream nor CheckedInputStream reads ahead, so the trailer is next in file.
            if (computed != new DataInputStream(file).readLong()) {
                throw new IOException("snapshot " + entry.file() + " fails its checksum");
            }
            return new Content(serializerId, manifest, bytes);
        } catch (EOFException | UTFDataFormatException truncated) {
            throw new IOException("snapshot " + entry.file() + " is truncated", truncated);
        }
    }

    /** The snapshots of a persistence id, newest (highest sequence number, then timestamp) first. */
    List<Entry> list(String persistenceId) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher matcher = NAME.matcher(file.getFileName().toString());
                if (matcher.matches()) {
                    String id = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
                    if (id.equals(persistenceId)) {
                        entries.add(new Entry(file, id, Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3))));
                    }
                }
            }
        }
        entries.sort((a, b) -> a.sequenceNr() != b.sequenceNr()
                ? Long.compare(b.sequenceNr(), a.sequenceNr()) : Long.compare(b.timestamp(), a.timestamp()));
        return entries;
    }

    void delete(Entry entry) throws IOException {
        Files.deleteIfExists(entry.file());
        forceDirectory();
    }

    private void forceDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static String name(String persistenceId, long sequenceNr, long timestamp) {
        return "snapshot-" + URLEncoder.encode(persistenceId, StandardCharsets.UTF_8) + "-" + sequenceNr + "-" + timestamp;
    }
}
