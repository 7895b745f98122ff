package io.raftlite.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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

    void save(String persistenceId, long sequenceNr, long timestamp, Content content) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeInt(content.serializerId());
            out.writeUTF(content.manifest());
            out.writeInt(content.bytes().length);
            out.write(content.bytes());
        }
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.toByteArray());
        ByteBuffer data = ByteBuffer.allocate(buffer.size() + Long.BYTES).put(buffer.toByteArray()).putLong(checksum.getValue()).flip();

        Path temporary = directory.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (data.hasRemaining()) {
                channel.write(data);
            }
            channel.force(true);
        }
        Files.move(temporary, directory.resolve(name(persistenceId, sequenceNr, timestamp)), StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(); // the rename itself must be durable, or a crash could bring back nothing
    }

    Content read(Entry entry) throws IOException {
        byte[] all = Files.readAllBytes(entry.file());
        if (all.length < Long.BYTES) {
            throw new IOException("snapshot " + entry.file() + " is truncated");
        }
        CRC32C checksum = new CRC32C();
        checksum.update(all, 0, all.length - Long.BYTES);
        if (checksum.getValue() != ByteBuffer.wrap(all, all.length - Long.BYTES, Long.BYTES).getLong()) {
            throw new IOException("snapshot " + entry.file() + " fails its checksum");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - Long.BYTES))) {
            int serializerId = in.readInt();
            String manifest = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            return new Content(serializerId, manifest, bytes);
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
