package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.SnapshotMeta;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams one snapshot file to one follower (leader side), stop-and-wait: the next chunk leaves
 * when the previous one is acknowledged, a silent follower gets the unacknowledged chunk again,
 * and after too many silent rounds the transfer is given up. Reads the file, so it runs on a
 * blocking dispatcher; the Raft actor keeps sending heartbeats meanwhile.
 */
final class SnapshotSender {
    sealed interface Command permits SnapshotTransfer.ChunkAck, Resend {
    }

    private enum Resend implements Command, NoSerializationVerificationNeeded { INSTANCE }

    /** The transfer to {@code peer} ended: the follower verified the whole file, or it was given up. */
    record Finished(NodeId peer, SnapshotMeta snapshot, boolean delivered)
            implements RaftActor.Command, NoSerializationVerificationNeeded {
    }

    /** What to send, to whom, and how patiently. */
    record Transfer(Path file, long size, long checksum, SnapshotMeta snapshot, long term, NodeId leader, NodeId peer,
                    ActorRef<RaftActor.Command> peerRef, ActorRef<RaftActor.Command> host, SnapshotSettings settings) {
    }

    private final Transfer transfer;
    private final ActorRef<SnapshotTransfer.ChunkAck> self;
    private final TimerScheduler<Command> timers;
    private final FileChannel file;
    private long acknowledged;
    private int silentRounds;

    private SnapshotSender(Transfer transfer, ActorRef<SnapshotTransfer.ChunkAck> self, TimerScheduler<Command> timers)
            throws IOException {
        this.transfer = transfer;
        this.self = self;
        this.timers = timers;
        this.file = FileChannel.open(transfer.file(), StandardOpenOption.READ);
    }

    static Behavior<Command> create(Transfer transfer) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            SnapshotSender sender;
            try {
                sender = new SnapshotSender(transfer, context.getSelf().narrow(), timers);
            } catch (IOException failure) {
                context.getLog().warn("cannot read snapshot {} for {}: {}", transfer.file(), transfer.peer(), failure.toString());
                transfer.host().tell(new Finished(transfer.peer(), transfer.snapshot(), false));
                return Behaviors.stopped();
            }
            context.getLog().info("sending snapshot {} ({} bytes) to {}", transfer.snapshot(), transfer.size(), transfer.peer());
            sender.sendChunk();
            return sender.running();
        }));
    }

    private Behavior<Command> running() {
        return Behaviors.receive(Command.class)
                .onMessage(SnapshotTransfer.ChunkAck.class, this::onAck)
                .onMessageEquals(Resend.INSTANCE, this::onSilence)
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, signal -> {
                    file.close();
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<Command> onAck(SnapshotTransfer.ChunkAck ack) {
        if (!ack.snapshot().equals(transfer.snapshot())) {
            return Behaviors.same(); // a late answer about an earlier transfer
        }
        if (ack.complete()) {
            return finish(true);
        }
        silentRounds = 0;
        acknowledged = ack.nextOffset();
        sendChunk();
        return Behaviors.same();
    }

    private Behavior<Command> onSilence() {
        if (++silentRounds > transfer.settings().maxSilentRounds()) {
            return finish(false);
        }
        sendChunk();
        return Behaviors.same();
    }

    private Behavior<Command> finish(boolean delivered) {
        transfer.host().tell(new Finished(transfer.peer(), transfer.snapshot(), delivered));
        return Behaviors.stopped();
    }

    private void sendChunk() {
        try {
            long offset = Math.min(acknowledged, transfer.size());
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(transfer.settings().chunkBytes(), transfer.size() - offset));
            while (buffer.hasRemaining()) {
                if (file.read(buffer, offset + buffer.position()) < 0) {
                    throw new IOException("snapshot file shorter than " + transfer.size() + " bytes");
                }
            }
            transfer.peerRef().tell(new SnapshotTransfer.Chunk(transfer.term(), transfer.leader(), transfer.snapshot(), offset,
                    buffer.array(), transfer.size(), transfer.checksum(), self));
        } catch (IOException failure) {
            throw new java.io.UncheckedIOException("reading snapshot " + transfer.file(), failure);
        }
        timers.startSingleTimer(Resend.INSTANCE, transfer.settings().chunkTimeout());
    }
}
