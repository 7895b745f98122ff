package io.raftlite.jepsen;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The history of one test run, kept in memory and appended to a JSON-lines file as it happens, so
 * a run that dies still leaves its history. Thread-safe. Each event gets its time here, under the
 * lock, as {@code System.nanoTime()} since the recorder was made: the file is in time order, an
 * invocation is stamped just before its request is sent and a completion just after its response
 * was read (each interval is only ever widened, which keeps a linearizability check sound).
 */
public final class HistoryRecorder implements AutoCloseable {
    private final Path file;
    private final long startNanos;
    private final long startEpochMillis;
    private final BufferedWriter out;
    private final List<HistoryEvent> events = new ArrayList<>();
    private long lastTime = -1;

    public HistoryRecorder(Path file) throws IOException {
        this.file = file;
        this.out = Files.newBufferedWriter(file);
        this.startEpochMillis = System.currentTimeMillis();
        this.startNanos = System.nanoTime();
    }

    public Path file() {
        return file;
    }

    /** Wall-clock time of the start, to place the nodes' event-log times on the history's time line. */
    public long startEpochMillis() {
        return startEpochMillis;
    }

    /** A wall-clock time (epoch ms, e.g. from raft-events.jsonl) as history time (ns since the start). */
    public long historyTimeOf(long epochMillis) {
        return (epochMillis - startEpochMillis) * 1_000_000;
    }

    /** Nanoseconds since the start. */
    public long now() {
        return System.nanoTime() - startNanos;
    }

    /** Records that {@code process} is about to send a request; send it right after. */
    public synchronized HistoryEvent invoke(int process, String f, String key, Object value, String node, String level) {
        return append(HistoryEvent.invoke(process, f, key, value, stamp(), node, level));
    }

    /** Records the completion of {@code invocation}, right after its response was read. */
    public synchronized HistoryEvent complete(HistoryEvent invocation, HistoryEvent.Type outcome, Object result,
                                              int httpStatus, String error, long raftIndex) {
        return append(invocation.complete(outcome, result, stamp(), httpStatus, error, raftIndex));
    }

    /** Records a nemesis action ({@code node} null when it is not about one node). */
    public synchronized HistoryEvent nemesis(String f, String node, Object value) {
        return append(HistoryEvent.nemesis(f, node, value, stamp()));
    }

    /** Every event so far, in time order. */
    public synchronized List<HistoryEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** Strictly increasing, so events keep their order when sorted by time. */
    private long stamp() {
        lastTime = Math.max(now(), lastTime + 1);
        return lastTime;
    }

    private HistoryEvent append(HistoryEvent event) {
        events.add(event);
        try {
            out.write(event.toJson());
            out.newLine();
            out.flush();
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot append to " + file, failed);
        }
        return event;
    }
}
