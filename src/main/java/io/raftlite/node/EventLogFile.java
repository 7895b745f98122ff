package io.raftlite.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.actor.RaftEvents;
import io.raftlite.raft.message.NodeId;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code raft-events.jsonl} in the data dir (raft.event-log): one JSON object per line with
 * {@code time_ms}, {@code node}, {@code event} and {@code term}, appended across restarts. Lines are
 * written and flushed by one thread of its own, so the Raft actor never waits on the file; a
 * kill -9 keeps every line written before it (no fsync: it is for audits, not for recovery).
 */
final class EventLogFile implements RaftEvents, AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventLogFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String node;
    private final BufferedWriter out;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "raft-event-log");
        thread.setDaemon(true);
        return thread;
    });

    EventLogFile(Path file, NodeId node) throws IOException {
        this.node = node.value();
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void started(long term) {
        write(line("start", term));
    }

    @Override
    public void role(RoleKind role, long term, Optional<NodeId> leader) {
        ObjectNode line = line("role", term).put("role", role.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        leader.ifPresent(id -> line.put("leader", id.value()));
        write(line);
    }

    @Override
    public void persisted(long term, Optional<NodeId> votedFor) {
        ObjectNode line = line("hard-state", term);
        votedFor.ifPresent(id -> line.put("voted_for", id.value()));
        write(line);
    }

    @Override
    public void voted(long term, NodeId candidate) {
        write(line("vote", term).put("candidate", candidate.value()));
    }

    @Override
    public void committed(long term, long index) {
        write(line("commit", term).put("index", index));
    }

    @Override
    public void applied(long term, long index, long entryTerm, String digest) {
        write(line("applied", term).put("index", index).put("entry_term", entryTerm).put("digest", digest));
    }

    @Override
    public void snapshotTaken(long term, long index, long entryTerm) {
        write(line("snapshot-taken", term).put("index", index).put("entry_term", entryTerm));
    }

    @Override
    public void snapshotInstalled(long term, long index, long entryTerm) {
        write(line("snapshot-installed", term).put("index", index).put("entry_term", entryTerm));
    }

    private ObjectNode line(String event, long term) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time_ms", System.currentTimeMillis()).put("node", node).put("event", event).put("term", term);
        return line;
    }

    private void write(ObjectNode line) {
        String text = line.toString();
        try {
            writer.execute(() -> {
                try {
                    out.write(text);
                    out.newLine();
                    out.flush();
                } catch (IOException failure) {
                    LOG.warn("cannot write the Raft event log: {}", failure.getMessage());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // after close(), during shutdown: the event is dropped
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            out.close();
        } catch (IOException | InterruptedException ignored) {
            // shutting down: nothing more to save
        }
    }
}
