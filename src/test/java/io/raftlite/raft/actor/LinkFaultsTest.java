package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinkFaultsTest {
    private static final NodeId PEER = NodeId.of("node2");
    private static final NodeId OTHER = NodeId.of("node3");

    private static LinkFaults.Rule rule(boolean in, boolean out, double drop, double duplicate, long minDelay, long maxDelay, boolean blackhole) {
        return new LinkFaults.Rule(PEER, in, out, drop, duplicate, minDelay, maxDelay, blackhole);
    }

    @Test
    void withoutRulesEveryMessageIsDeliveredOnceAtOnce() {
        LinkFaults links = LinkFaults.none();
        assertEquals(new LinkFaults.Fate(1, 0), links.fate(PEER, LinkFaults.Direction.OUT));
        assertFalse(links.severed(PEER));
    }

    @Test
    void aBlackholeLosesEverythingInItsDirectionOnlyAndOnlyForItsPeer() {
        LinkFaults links = LinkFaults.none();
        links.replace(List.of(rule(false, true, 0, 0, 0, 0, true)));
        assertTrue(links.fate(PEER, LinkFaults.Direction.OUT).lost());
        assertFalse(links.fate(PEER, LinkFaults.Direction.IN).lost(), "an asymmetric partition delivers the other way");
        assertFalse(links.fate(OTHER, LinkFaults.Direction.OUT).lost());
        assertTrue(links.severed(PEER), "a forwarded request cannot get there");
        links.replace(List.of());
        assertFalse(links.fate(PEER, LinkFaults.Direction.OUT).lost(), "healed");
    }

    @Test
    void dropDuplicateAndDelayFollowTheirSettings() {
        LinkFaults links = LinkFaults.none();
        links.replace(List.of(rule(true, true, 1.0, 0, 0, 0, false)));
        assertTrue(links.fate(PEER, LinkFaults.Direction.IN).lost());
        assertTrue(links.severed(PEER));

        links.replace(List.of(rule(true, true, 0, 1.0, 20, 40, false)));
        IntStream.range(0, 200).mapToObj(i -> links.fate(PEER, LinkFaults.Direction.IN)).forEach(fate -> {
            assertEquals(2, fate.copies());
            assertTrue(fate.delayMillis() >= 20 && fate.delayMillis() <= 40, "delay " + fate.delayMillis());
        });
        assertFalse(links.severed(PEER));

        links.replace(List.of(rule(true, true, 0.5, 0, 0, 0, false)));
        long lost = IntStream.range(0, 2000).filter(i -> links.fate(PEER, LinkFaults.Direction.OUT).lost()).count();
        assertTrue(lost > 800 && lost < 1200, "about half of 2000 lost, was " + lost);
    }

    @Test
    void badRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> rule(true, true, 1.5, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> rule(true, true, 0, -0.1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> rule(true, true, 0, 0, 50, 10, false));
        assertThrows(IllegalArgumentException.class, () -> rule(false, false, 0, 0, 0, 0, true));
    }
}
