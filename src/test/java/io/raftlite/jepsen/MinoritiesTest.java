package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinoritiesTest {
    private static final Set<String> HARD = Set.of("linearizable", "strong");

    /** n1 is isolated: the partition is decided at 100 ms, in force at 200 ms, healed at 1000 ms. */
    private static List<HistoryEvent> withIsolatedN1(HistoryBuilder clients) {
        List<HistoryEvent> events = new ArrayList<>(clients.events());
        events.add(HistoryEvent.nemesis("partition", "n1", Map.of("kind", "isolate", "groups", List.of(List.of("n1"), List.of("n2", "n3"))),
                HistoryBuilder.nanos(100)));
        events.add(HistoryEvent.nemesis("partition-applied", "n1", null, HistoryBuilder.nanos(200)));
        events.add(HistoryEvent.nemesis("heal", null, null, HistoryBuilder.nanos(1000)));
        events.sort(Comparator.comparingLong(HistoryEvent::time));
        return events;
    }

    @Test
    void aWriteOrHardReadAcknowledgedByTheCutOffNodeIsFlagged() {
        HistoryBuilder clients = new HistoryBuilder();
        clients.call(0, "write", "k", 1L, 300).ok(1L, 400);          // n1, inside: a violation
        clients.read(3, "k", "strong", 500).ok(1L, 600);              // n1, inside: a violation
        List<String> violations = Minorities.acknowledgedInMinority(withIsolatedN1(clients), HARD);
        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).startsWith("n1 in minority [n1]"), violations.get(0));
    }

    @Test
    void whatTheRulesCannotHaveStoppedIsNotFlagged() {
        HistoryBuilder clients = new HistoryBuilder();
        clients.call(0, "write", "k", 1L, 150).ok(1L, 400);   // n1, sent before the rules were in force
        clients.call(3, "write", "k", 2L, 900).ok(2L, 1100);  // n1, answered after the heal
        clients.read(6, "k", "weak", 300).ok(1L, 310);         // n1, a weak read may be served locally
        clients.call(1, "write", "k", 3L, 300).ok(3L, 400);   // n2, in the majority
        clients.call(9, "write", "k", 4L, 300).fail(400);     // n1, refused
        List<HistoryEvent> history = withIsolatedN1(clients);
        assertEquals(List.of(), Minorities.acknowledgedInMinority(history, HARD));
        assertEquals(1, Minorities.okWritesAfterFirstHeal(history), "only the write completed after the heal counts");
    }
}
