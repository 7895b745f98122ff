package io.raftlite.raft.actor;

import io.raftlite.raft.message.CborSerializable;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.SnapshotMeta;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * How a leader streams a snapshot file to a follower over Artery: chunks well below the frame
 * size, one at a time; every chunk is acknowledged with the offset the follower holds, so a lost
 * chunk or acknowledgement is resent from there. The follower checks the whole file's CRC32C
 * before it tells its Raft node, and only then says the transfer is complete.
 */
public final class SnapshotTransfer {
    private SnapshotTransfer() {
    }

    /** A piece of the snapshot file, from the leader of {@code term}. */
    public record Chunk(long term, NodeId from, SnapshotMeta snapshot, long offset, byte[] data, long totalSize,
                        long checksum, ActorRef<ChunkAck> replyTo) implements RaftActor.Command, CborSerializable {
    }

    /** The follower holds the file up to {@code nextOffset}; {@code complete} once it is whole, verified and durable. */
    public record ChunkAck(SnapshotMeta snapshot, long nextOffset, boolean complete)
            implements SnapshotSender.Command, CborSerializable {
    }
}
