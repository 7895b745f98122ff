package io.raftlite.raft.actor;

import io.raftlite.raft.message.SnapshotMeta;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongFunction;
import java.util.stream.Stream;

/**
 * Start-up after a crash between storing a leader's snapshot and restoring the state machine from
 * it: the log starts after the snapshot, so the state machine must first become the snapshot,
 * from the verified file the receiver kept. Also clears partial transfers and stale copies.
 */
final class StartupRestore {
    private StartupRestore() {
    }

    static Behavior<RaftActor.Command> ensureStateMachineReaches(SnapshotMeta snapshot, long applied, Path directory,
                                                                 ActorRef<Applier.Command> applier,
                                                                 StashBuffer<RaftActor.Command> stash,
                                                                 ActorContext<RaftActor.Command> context,
                                                                 LongFunction<Behavior<RaftActor.Command>> start) {
        removeLeftovers(directory, Math.max(applied, snapshot.index()));
        if (applied >= snapshot.index()) {
            return stash.unstashAll(start.apply(applied));
        }
        Path file = SnapshotReceiver.installFile(directory, snapshot);
        if (!Files.exists(file)) {
            throw new IllegalStateException("the Raft log starts after snapshot " + snapshot + " but the state machine has "
                    + "applied only through " + applied + " and the snapshot file " + file + " is missing");
        }
        context.getLog().info("restoring the state machine from snapshot {} (it had applied through {})", snapshot, applied);
        applier.tell(new Applier.RestoreSnapshot(file, context.getSelf().narrow()));
        return Behaviors.receive(RaftActor.Command.class)
                .onMessage(Applier.Restored.class, restored -> {
                    Files.deleteIfExists(file);
                    return stash.unstashAll(start.apply(restored.index()));
                })
                .onSignal(Terminated.class, signal -> Behaviors.stopped())
                .onAnyMessage(message -> {
                    stash.stash(message);
                    return Behaviors.same();
                })
                .build();
    }

    /** Partial transfers, exports for followers, and install files the state machine already covers. */
    private static void removeLeftovers(Path directory, long coveredThrough) {
        try {
            Path outgoing = SnapshotShipping.outgoing(directory);
            if (Files.isDirectory(outgoing)) {
                try (Stream<Path> exports = Files.list(outgoing)) {
                    for (Path export : exports.toList()) {
                        Files.deleteIfExists(export);
                    }
                }
            }
            if (!Files.isDirectory(directory)) {
                return;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".part") || (name.startsWith("install-") && name.endsWith(".snapshot")
                            && installIndex(name) <= coveredThrough)) {
                        Files.deleteIfExists(file);
                    }
                }
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot clean " + directory, failure);
        }
    }

    private static long installIndex(String name) {
        try {
            return Long.parseLong(name.substring("install-".length(), name.indexOf('-', "install-".length())));
        } catch (RuntimeException unexpected) {
            return Long.MAX_VALUE; // not ours to delete
        }
    }
}
