package io.raftlite.cluster;

import io.raftlite.raft.actor.Incarnations;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Downs the old actor system of a node that is back at a new address. Pekko replaces an old
 * incarnation by itself only when the new one has the same host and port; one at another address
 * would stay an unreachable member for good, and while a member is unreachable Pekko's membership
 * cannot converge: it moves no joining member to Up and removes no downed one. Only a system that
 * is unreachable and older than a reachable one of the same node id is downed: Raft names its
 * members by id, so the old system serves nothing any more.
 * <p>
 * Which node an address belonged to is remembered from every gateway listing seen: a system whose
 * actors stopped before it became unreachable has deregistered its gateway, and is then no longer
 * in any listing (seen in a test: the old system was never downed). For the same reason the check
 * also runs every second, not only when the listing changes: the system may become unreachable
 * after the last change.
 */
public final class SupersededIncarnations {
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private SupersededIncarnations() {
    }

    /** Only its own messages: nothing else sends it anything. */
    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    private record ListingChanged(Receptionist.Listing listing) implements Command {
    }

    private enum Recheck implements Command { INSTANCE }

    public static Behavior<Command> create() {
        return Behaviors.<Command>setup(context -> Behaviors.withTimers(timers -> {
            ActorRef<Receptionist.Listing> adapter = context.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
            context.getSystem().receptionist().tell(Receptionist.subscribe(ClusterGateway.GATEWAYS, adapter));
            timers.startTimerWithFixedDelay(Recheck.INSTANCE, RECHECK);
            Cluster cluster = Cluster.get(context.getSystem());
            Map<Address, NodeId> nodeOfAddress = new HashMap<>();
            Set<ActorRef<ClusterGateway.Command>> reachable = new HashSet<>();
            Set<Address> downed = new HashSet<>();
            Runnable check = () -> {
                Set<Address> members = new HashSet<>();
                Set<Address> unreachable = new HashSet<>();
                cluster.state().getMembers().forEach((Member member) -> members.add(member.address()));
                cluster.state().getUnreachable().forEach((Member member) -> unreachable.add(member.address()));
                nodeOfAddress.keySet().retainAll(members); // removed members never come back at the same address and uid
                Comparator<Address> newestFirst = MemberAge.newestFirst(context.getSystem());
                Map<NodeId, ActorRef<ClusterGateway.Command>> live = Incarnations.newestPerNode(reachable,
                        ClusterGateway::nodeOf, ref -> ref.path().address(), newestFirst);
                for (Address old : unreachable) {
                    NodeId node = nodeOfAddress.get(old);
                    ActorRef<ClusterGateway.Command> current = node == null ? null : live.get(node);
                    if (current != null && !current.path().address().equals(old)
                            && newestFirst.compare(current.path().address(), old) < 0 && downed.add(old)) {
                        context.getLog().warn("{} is back at a new address; downing its old actor system {}", node, old);
                        cluster.manager().tell(new Down(old));
                    }
                }
            };
            return Behaviors.receive(Command.class)
                    .onMessage(ListingChanged.class, changed -> {
                        for (ActorRef<ClusterGateway.Command> gateway : changed.listing().getAllServiceInstances(ClusterGateway.GATEWAYS)) {
                            NodeId node = ClusterGateway.nodeOf(gateway);
                            if (node != null) {
                                nodeOfAddress.put(gateway.path().address(), node);
                            }
                        }
                        reachable.clear();
                        reachable.addAll(changed.listing().getServiceInstances(ClusterGateway.GATEWAYS));
                        check.run();
                        return Behaviors.same();
                    })
                    .onMessageEquals(Recheck.INSTANCE, () -> {
                        check.run();
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
