package io.raftlite.cluster;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.TreeSet;

/**
 * Remembers, in the data dir, the addresses of the cluster members this node has seen, so that on
 * restart it can find them again even if its config names no seed nodes (like rqlite's peers.json).
 * Without it a restarted first node would form a Pekko cluster of its own and never reach the others.
 */
public final class KnownMembers {
    private KnownMembers() {
    }

    public static List<String> read(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList() : List.of();
        } catch (IOException unreadable) {
            return List.of();
        }
    }

    public static Behavior<ClusterEvent.MemberUp> recorder(Path file, String selfHostPort) {
        return Behaviors.setup(context -> {
            Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.getSelf(), ClusterEvent.MemberUp.class));
            TreeSet<String> known = new TreeSet<>(read(file));
            return Behaviors.receive(ClusterEvent.MemberUp.class)
                    .onMessage(ClusterEvent.MemberUp.class, up -> {
                        Address address = up.member().address();
                        String hostPort = address.host().get() + ":" + address.port().get();
                        if (!hostPort.equals(selfHostPort) && known.add(hostPort)) {
                            write(file, known);
                        }
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void write(Path file, TreeSet<String> known) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, known);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }
}
