package io.raftlite.raft.message;

import java.util.Objects;

/** A Raft server's stable identity, chosen by the operator in the node's config (e.g. "node1"). */
public record NodeId(String value) implements Comparable<NodeId>, CborSerializable {
    public NodeId {
        Objects.requireNonNull(value, "node id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
