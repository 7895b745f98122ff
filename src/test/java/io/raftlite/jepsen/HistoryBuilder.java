package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Test histories written as operations: {@code history.call(process, f, key, value, atMs).ok(result, atMs)}
 * adds the invocation and its completion. Times are given in ms and recorded in nanos, as the
 * harness records them; {@link #events()} sorts everything by time.
 */
final class HistoryBuilder {
    private static final long NANOS_PER_MS = 1_000_000;

    private final List<HistoryEvent> events = new ArrayList<>();

    final class Call {
        private final HistoryEvent invocation;

        private Call(HistoryEvent invocation) {
            this.invocation = invocation;
            events.add(invocation);
        }

        void ok(Object result, long atMs) {
            complete(HistoryEvent.Type.OK, result, atMs);
        }

        void fail(long atMs) {
            complete(HistoryEvent.Type.FAIL, null, atMs);
        }

        void info(long atMs) {
            complete(HistoryEvent.Type.INFO, null, atMs);
        }

        /** Never answered: the history ends with it open. */
        void open() {
        }

        private void complete(HistoryEvent.Type outcome, Object result, long atMs) {
            events.add(invocation.complete(outcome, result, atMs * NANOS_PER_MS, outcome == HistoryEvent.Type.OK ? 200 : 503, null, 0));
        }
    }

    Call call(int process, String f, String key, Object value, long atMs) {
        return new Call(HistoryEvent.invoke(process, f, key, value, atMs * NANOS_PER_MS, "n" + (process % 3 + 1), null));
    }

    Call read(int process, String key, String level, long atMs) {
        return new Call(HistoryEvent.invoke(process, "read", key, null, atMs * NANOS_PER_MS, "n" + (process % 3 + 1), level));
    }

    static long nanos(long ms) {
        return ms * NANOS_PER_MS;
    }

    List<HistoryEvent> events() {
        List<HistoryEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(HistoryEvent::time)); // stable: an invocation stays before its instant completion
        return sorted;
    }
}
