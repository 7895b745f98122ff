package io.raftlite.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the nodes' event logs, in the order given and line by line. A line cut short by a crash
 * (power loss truncates the unsynced tail) is tolerated when it is the file's last line, or when
 * the restarted node's next event was written onto it: then that event is read from the last
 * {@code {} of the line (events are flat objects). Any other bad line is a violation.
 */
final class RaftEventLogs {

    record Loaded(List<RaftEvent> events, List<EventLogAudit.Violation> violations, int tornLines) {
    }

    private RaftEventLogs() {
    }

    static Loaded load(List<Path> files, boolean allowMissing) throws IOException {
        List<RaftEvent> events = new ArrayList<>();
        List<EventLogAudit.Violation> violations = new ArrayList<>();
        int torn = 0;
        for (Path file : files) {
            if (!Files.exists(file)) {
                if (!allowMissing) {
                    violations.add(new EventLogAudit.Violation(EventLogAudit.Rule.MISSING_FILE, "no event log at " + file, List.of()));
                }
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int number = 1; number <= lines.size(); number++) {
                String line = lines.get(number - 1);
                String where = file + ":" + number;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(RaftEvent.parse(line, where));
                } catch (RaftEvent.MalformedLine malformed) {
                    Optional<RaftEvent> written = malformed.cutShort() ? eventAfterTornPrefix(line, where) : Optional.empty();
                    if (malformed.cutShort() && (number == lines.size() || written.isPresent())) {
                        torn++;
                        written.ifPresent(events::add);
                    } else {
                        violations.add(new EventLogAudit.Violation(EventLogAudit.Rule.MALFORMED_LINE, malformed.getMessage(),
                                List.of(where + ": " + line)));
                    }
                }
            }
        }
        return new Loaded(events, violations, torn);
    }

    private static Optional<RaftEvent> eventAfterTornPrefix(String line, String where) {
        int start = line.lastIndexOf('{');
        if (start <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(RaftEvent.parse(line.substring(start), where));
        } catch (RaftEvent.MalformedLine notAnEventEither) {
            return Optional.empty();
        }
    }
}
