package io.raftlite.cluster;

import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/** Orders actor systems by when they joined the Pekko Cluster, as this node's membership view has it. */
public final class MemberAge {
    private MemberAge() {
    }

    /**
     * Newest first. A restarted node's new system always joined after its old one. An address this
     * node has no member for yet is taken as newest: the receptionist drops the actors of removed
     * members, so an unknown address can only be one that has just joined, or this node itself.
     */
    public static Comparator<Address> newestFirst(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        Map<Address, Member> members = new HashMap<>();
        cluster.state().getMembers().forEach(member -> members.put(member.address(), member));
        Address self = cluster.selfMember().address();
        return (first, second) -> {
            Member a = members.get(first.hasLocalScope() ? self : first);
            Member b = members.get(second.hasLocalScope() ? self : second);
            if (a == null || b == null) {
                return a == b ? 0 : a == null ? -1 : 1;
            }
            return a.isOlderThan(b) ? 1 : b.isOlderThan(a) ? -1 : 0;
        };
    }
}
