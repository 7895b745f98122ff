package io.raftlite.jepsen;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One line of a recorded history (JSON lines): a client's invocation or completion, or a nemesis
 * action (process {@link #NEMESIS}). Times are {@code System.nanoTime()} relative to the test's
 * start, taken just before sending and just after the response body was read.
 *
 * <p>Values by function: {@code write}/{@code append}/{@code add}: the long written; {@code cas}: a
 * list {@code [old, new]}; {@code read} of a register: the long read or null; {@code read} of a list
 * or set: the list of longs; {@code transfer}: a map {@code from, to, amount}; bank {@code read}: a
 * map account → balance. On an invoke the value is the argument; on an ok it is the result (for a
 * write the value written, for a cas true/false). Numbers read back from JSON may be Integer or
 * Long: compare through {@link Number#longValue()}.
 *
 * @param process    the logical client; a process that got an info is retired for good
 * @param type       invoke, ok, fail (no effect, certainly) or info (outcome unknown)
 * @param f          read, write, cas, append, add, transfer; for the nemesis: what it did
 * @param key        the register, list or set key; null for bank and nemesis events
 * @param node       the node the request was sent to (nemesis: the node acted on, or null)
 * @param status     the HTTP status, 0 when none came back
 * @param error      the error text, when there was one
 * @param raftIndex  raft_index of a write's response, 0 when unknown
 * @param level      the read consistency level of a read, null for writes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryEvent(
        int process,
        Type type,
        String f,
        String key,
        Object value,
        long time,
        String node,
        int status,
        String error,
        @JsonProperty("raft_index") long raftIndex,
        String level) {

    public static final int NEMESIS = -1;

    public enum Type {
        @JsonProperty("invoke") INVOKE,
        @JsonProperty("ok") OK,
        @JsonProperty("fail") FAIL,
        @JsonProperty("info") INFO
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static HistoryEvent invoke(int process, String f, String key, Object value, long time, String node, String level) {
        return new HistoryEvent(process, Type.INVOKE, f, key, value, time, node, 0, null, 0, level);
    }

    public static HistoryEvent nemesis(String f, String node, Object value, long time) {
        return new HistoryEvent(NEMESIS, Type.INFO, f, null, value, time, node, 0, null, 0, null);
    }

    /** The completion of this invocation. */
    public HistoryEvent complete(Type outcome, Object result, long at, int httpStatus, String errorText, long index) {
        return new HistoryEvent(process, outcome, f, key, result, at, node, httpStatus, errorText, index, level);
    }

    @JsonIgnore // else Jackson writes it as a "nemesis" property that fromJson then rejects
    public boolean isNemesis() {
        return process == NEMESIS;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException unexpected) {
            throw new UncheckedIOException(unexpected);
        }
    }

    public static HistoryEvent fromJson(String line) {
        try {
            return JSON.readValue(line, HistoryEvent.class);
        } catch (IOException malformed) {
            throw new UncheckedIOException("bad history line: " + line, malformed);
        }
    }

    public static List<HistoryEvent> read(Path file) throws IOException {
        List<HistoryEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                events.add(fromJson(line));
            }
        }
        return events;
    }
}
