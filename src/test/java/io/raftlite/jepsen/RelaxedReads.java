package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads at levels that promise less than linearizability (§3.4), counted rather than failed.
 * A {@code none} read promises only reads-from-committed: its value was written by an ok or info
 * operation. Any other relaxed read ({@code weak}, or no level: rqlite's default is weak) is also
 * <em>stale</em> if its value had certainly been overwritten before the read was invoked. Values are
 * unique per key, so the write of the value read is known.
 */
final class RelaxedReads {
    static final String NONE = "none";

    record StaleRead(String key, ClientOperation read, long millisSinceLeaderChange) {
    }

    /** A read of a value no ok or info operation wrote: from a failed write, or from nowhere. */
    record UncommittedRead(String key, ClientOperation read) {
    }

    record Findings(List<StaleRead> stale, List<UncommittedRead> uncommitted) {
    }

    private RelaxedReads() {
    }

    /**
     * @param writes            the key's writes and cas operations that may have had an effect
     * @param reads             the key's ok reads outside the linearizability check
     * @param leaderChangeNanos when leadership changed, test-relative nanos; the test start counts as one
     */
    static Findings audit(String key, List<Operation> writes, List<ClientOperation> reads, List<Long> leaderChangeNanos) {
        Map<Long, Operation> writerOf = new HashMap<>();
        List<Operation> certainWrites = new ArrayList<>();
        for (Operation write : writes) {
            RegisterOperations.valueWritten(write).ifPresent(value -> {
                writerOf.put(value, write);
                if (!write.outcomeUnknown()) {
                    certainWrites.add(write);
                }
            });
        }
        List<StaleRead> stale = new ArrayList<>();
        List<UncommittedRead> uncommitted = new ArrayList<>();
        for (ClientOperation read : reads) {
            Long value = JsonNumbers.toLong(read.result());
            Operation writer = value == null ? null : writerOf.get(value);
            if (value != null && writer == null) {
                uncommitted.add(new UncommittedRead(key, read));
            } else if (!NONE.equals(read.level()) && overwrittenBefore(read.call(), value, writer, certainWrites)) {
                stale.add(new StaleRead(key, read, millisSinceLeaderChange(read.call(), leaderChangeNanos)));
            }
        }
        return new Findings(stale, uncommitted);
    }

    /**
     * True if some ok write of another value began after {@code writer} returned and returned before
     * {@code readCall}. A null value is the initial absent register, "written" before everything.
     */
    private static boolean overwrittenBefore(long readCall, Long value, Operation writer, List<Operation> certainWrites) {
        long writtenBy = writer == null ? Long.MIN_VALUE : writer.ret();
        for (Operation later : certainWrites) {
            Optional<Long> laterValue = RegisterOperations.valueWritten(later);
            if (later.call() > writtenBy && later.ret() < readCall && !laterValue.get().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static long millisSinceLeaderChange(long readCall, List<Long> leaderChangeNanos) {
        long latest = 0;
        for (long change : leaderChangeNanos) {
            if (change <= readCall) {
                latest = Math.max(latest, change);
            }
        }
        return (readCall - latest) / 1_000_000;
    }
}
