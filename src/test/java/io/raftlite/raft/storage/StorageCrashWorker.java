package io.raftlite.raft.storage;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.nio.file.Path;

/**
 * Run in its own JVM by {@link KillDuringWritesTest}: writes {@link CrashWorkload}'s batches through
 * RaftStorage on the SQLite journal in the given directory, one after the other, and prints
 * "ACK n" once batch n is reported durable — until it is killed.
 */
public final class StorageCrashWorker {
    private StorageCrashWorker() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        var config = ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "raftlite-persistence.journal"
                pekko.persistence.snapshot-store.plugin = "raftlite-persistence.snapshot-store"
                raftlite-persistence.journal.path = "%s"
                raftlite-persistence.snapshot-store.dir = "%s"
                pekko.loglevel = WARNING
                """.formatted(dir.resolve("raft.db"), dir.resolve("snapshots"))).withFallback(ConfigFactory.load());
        ActorSystem.create(writer(), "crash-worker", config);
    }

    private static Behavior<RaftStorage.Written> writer() {
        return Behaviors.setup(context -> {
            ActorRef<RaftStorage.Command> storage = context.spawn(RaftStorage.create(NodeId.of("n1"), ""), "storage");
            int[] next = {0};
            int[] logLength = {0};
            var first = CrashWorkload.batch(0, 0);
            storage.tell(new RaftStorage.Write(first, context.getSelf()));
            return Behaviors.receiveMessage(written -> {
                System.out.println("ACK " + next[0]);
                System.out.flush();
                logLength[0] = CrashWorkload.stateAfter(next[0] + 1).log().size();
                next[0]++;
                storage.tell(new RaftStorage.Write(CrashWorkload.batch(next[0], logLength[0]), context.getSelf()));
                return Behaviors.same();
            });
        });
    }
}
