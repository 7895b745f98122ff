package io.raftlite.raft;

import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a configuration log entry. Entries stay in logs and snapshots for good, so the
 * format starts with a version byte and unknown versions are refused, never guessed at.
 */
public final class ConfigurationCodec {
    private static final byte VERSION = 1;

    private ConfigurationCodec() {
    }

    public static byte[] encode(ClusterConfiguration configuration) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeIds(out, configuration.voters());
            writeIds(out, configuration.learners());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    public static ClusterConfiguration decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("configuration entry has format version " + version
                        + "; this raftlite reads version " + VERSION);
            }
            return new ClusterConfiguration(readIds(in), readIds(in));
        } catch (IOException truncated) {
            throw new IllegalStateException("configuration entry is truncated or corrupt", truncated);
        }
    }

    private static void writeIds(DataOutputStream out, List<NodeId> ids) throws IOException {
        out.writeInt(ids.size());
        for (NodeId id : ids) {
            out.writeUTF(id.value());
        }
    }

    private static List<NodeId> readIds(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<NodeId> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(NodeId.of(in.readUTF()));
        }
        return ids;
    }
}
