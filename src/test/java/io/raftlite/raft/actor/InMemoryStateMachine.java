package io.raftlite.raft.actor;

import io.raftlite.raft.StateMachine;
import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.LogEntry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A state machine for tests: remembers the commands applied, in order; the result of a command is its text. */
final class InMemoryStateMachine implements StateMachine {
    private final List<LogEntry> applied = new ArrayList<>();

    @Override
    public synchronized long lastAppliedIndex() {
        return applied.size();
    }

    @Override
    public synchronized List<Object> apply(List<LogEntry> entries) {
        List<Object> results = new ArrayList<>();
        for (LogEntry entry : entries) {
            if (entry.index() != applied.size() + 1) {
                throw new IllegalStateException("applying index " + entry.index() + " after " + applied.size());
            }
            applied.add(entry);
            results.add(entry.type() == EntryType.NOOP ? NO_RESULT : new String(entry.data(), StandardCharsets.UTF_8));
        }
        return results;
    }

    /** The commands applied so far, as text, in log order. */
    synchronized List<String> commands() {
        return applied.stream().filter(entry -> entry.type() == EntryType.COMMAND)
                .map(entry -> new String(entry.data(), StandardCharsets.UTF_8)).toList();
    }
}
