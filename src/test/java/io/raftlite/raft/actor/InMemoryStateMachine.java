package io.raftlite.raft.actor;

import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.LogEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;

/** A state machine for tests: remembers the commands applied, in order; the result of a command is its text. */
final class InMemoryStateMachine implements SnapshottingStateMachine {
    private final List<LogEntry> applied = new ArrayList<>();
    private int restores;

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

    @Override
    public synchronized long makeDurable() {
        return applied.size();
    }

    /** One line per applied entry: index, term, type, data in Base64. */
    @Override
    public synchronized long exportTo(Path file) {
        List<String> lines = applied.stream().map(entry -> entry.index() + " " + entry.term() + " " + entry.type() + " "
                + Base64.getEncoder().encodeToString(entry.data())).toList();
        try {
            Files.write(file, lines);
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return applied.size();
    }

    @Override
    public synchronized long restoreFrom(Path file) {
        try {
            List<LogEntry> restored = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(" ", -1);
                restored.add(new LogEntry(Long.parseLong(fields[1]), Long.parseLong(fields[0]), EntryType.valueOf(fields[2]),
                        Base64.getDecoder().decode(fields[3])));
            }
            applied.clear();
            applied.addAll(restored);
            restores++;
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
        return applied.size();
    }

    /** How many times the state was replaced by a snapshot. */
    synchronized int restores() {
        return restores;
    }

    /** The commands applied so far, as text, in log order. */
    synchronized List<String> commands() {
        return applied.stream().filter(entry -> entry.type() == EntryType.COMMAND)
                .map(entry -> new String(entry.data(), StandardCharsets.UTF_8)).toList();
    }
}
