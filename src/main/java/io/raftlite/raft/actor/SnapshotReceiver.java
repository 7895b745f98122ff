package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.SnapshotMeta;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Receives a leader's snapshot file (follower side): writes chunks in order to a partial file,
 * tells the sender where to resume when a chunk is missing, and once the file is whole checks its
 * CRC32C, fsyncs it and renames it into place. Only then does the Raft node hear of it, so a crash
 * mid-transfer leaves the old state (and at worst a partial file) behind. Writes files, so it runs
 * on a blocking dispatcher.
 */
final class SnapshotReceiver {
    /** The whole snapshot is stored durably in {@code file}; the Raft node may install it. */
    record Received(long term, NodeId from, SnapshotMeta snapshot, Path file)
            implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    private final ActorContext<SnapshotTransfer.Chunk> context;
    private final Path directory;
    private final ActorRef<RaftActor.Command> host;
    private SnapshotMeta receiving;
    private Path partial;
    private FileChannel channel;
    private long written;

    private SnapshotReceiver(ActorContext<SnapshotTransfer.Chunk> context, Path directory, ActorRef<RaftActor.Command> host) {
        this.context = context;
        this.directory = directory;
        this.host = host;
    }

    static Behavior<SnapshotTransfer.Chunk> create(Path directory, ActorRef<RaftActor.Command> host) {
        return Behaviors.setup(context -> {
            SnapshotReceiver receiver = new SnapshotReceiver(context, directory, host);
            return Behaviors.receive(SnapshotTransfer.Chunk.class)
                    .onMessage(SnapshotTransfer.Chunk.class, receiver::onChunk)
                    .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
                        receiver.discard();
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** The file a verified snapshot is kept in until the state machine has been restored from it. */
    static Path installFile(Path directory, SnapshotMeta snapshot) {
        return directory.resolve("install-" + snapshot.index() + "-" + snapshot.term() + ".snapshot");
    }

    private Behavior<SnapshotTransfer.Chunk> onChunk(SnapshotTransfer.Chunk chunk) throws IOException {
        if (!chunk.snapshot().equals(receiving)) {
            discard(); // a newer snapshot (or a new leader's) replaces the one in progress
            Files.createDirectories(directory);
            receiving = chunk.snapshot();
            partial = directory.resolve("receiving-" + receiving.index() + "-" + receiving.term() + ".part");
            channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            written = 0;
        }
        if (chunk.offset() != written) {
            chunk.replyTo().tell(new SnapshotTransfer.ChunkAck(receiving, written, false)); // resume from what we hold
            return Behaviors.same();
        }
        ByteBuffer data = ByteBuffer.wrap(chunk.data());
        while (data.hasRemaining()) {
            channel.write(data, written + data.position());
        }
        written += chunk.data().length;
        if (written < chunk.totalSize()) {
            chunk.replyTo().tell(new SnapshotTransfer.ChunkAck(receiving, written, false));
            return Behaviors.same();
        }
        channel.close();
        channel = null;
        if (TransferFiles.checksum(partial) != chunk.checksum()) {
            context.getLog().warn("snapshot {} from {} failed its checksum; asking for it again", receiving, chunk.from());
            SnapshotMeta failed = receiving;
            discard();
            chunk.replyTo().tell(new SnapshotTransfer.ChunkAck(failed, 0, false));
            return Behaviors.same();
        }
        Path file = installFile(directory, receiving);
        TransferFiles.moveDurably(partial, file);
        host.tell(new Received(chunk.term(), chunk.from(), receiving, file));
        chunk.replyTo().tell(new SnapshotTransfer.ChunkAck(receiving, written, true));
        receiving = null;
        partial = null;
        return Behaviors.same();
    }

    private void discard() {
        try {
            if (channel != null) {
                channel.close();
            }
            if (partial != null) {
                Files.deleteIfExists(partial);
            }
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        } finally {
            channel = null;
            partial = null;
            receiving = null;
            written = 0;
        }
    }
}
