package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Invocations meet their completions by process; what never completed has an unknown outcome. */
class ClientOperationTest {

    @Test
    void pairsByProcessInInvocationOrderAndSkipsTheNemesis() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "write", "a", 1, 0).ok(1, 30);
        history.read(1, "a", "weak", 10).ok(1, 20);
        history.call(2, "write", "a", 2, 15).open();
        List<HistoryEvent> events = new ArrayList<>(history.events());
        events.add(2, HistoryEvent.nemesis("kill", "n1", null, 12));

        List<ClientOperation> operations = ClientOperation.pair(events);

        assertEquals(List.of(
                new ClientOperation(0, "write", "a", null, 1, HistoryEvent.Type.OK, 1, 0, HistoryBuilder.nanos(30), "n1"),
                new ClientOperation(1, "read", "a", "weak", null, HistoryEvent.Type.OK, 1, HistoryBuilder.nanos(10), HistoryBuilder.nanos(20), "n2"),
                new ClientOperation(2, "write", "a", null, 2, HistoryEvent.Type.INFO, null, HistoryBuilder.nanos(15), Long.MAX_VALUE, "n3")),
                operations);
    }

    @Test
    void secondInvocationOfAnOpenProcessIsRejected() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "write", "a", 1, 0).open();
        history.call(0, "write", "a", 2, 5).open();

        assertThrows(IllegalArgumentException.class, () -> ClientOperation.pair(history.events()));
    }

    @Test
    void completionOfAnotherFunctionIsRejected() {
        HistoryEvent invoke = HistoryEvent.invoke(0, "write", "a", 1, 0, "n1", null);
        HistoryEvent readCompletion = HistoryEvent.invoke(0, "read", "a", null, 0, "n1", null).complete(HistoryEvent.Type.OK, 1, 5, 200, null, 0);

        assertThrows(IllegalArgumentException.class, () -> ClientOperation.pair(List.of(invoke, readCompletion)));
    }
}
