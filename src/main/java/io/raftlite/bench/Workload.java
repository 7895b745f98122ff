package io.raftlite.bench;

import java.util.Locale;

/** What each request does, and how many rows it writes or reads. */
enum Workload {
    /** One INSERT per request. */
    INSERT,
    /** {@code rowsPerRequest} INSERTs per request. */
    BULK,
    /** A point SELECT by primary key, at the configured read level. */
    READ,
    /** Four point SELECTs for every INSERT. */
    MIX;

    static Workload parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown workload '" + name + "': use insert, bulk, read or mix");
        }
    }

    /** Rows each request writes or reads, for rows/s. */
    int rowsPerRequest(int rows) {
        return this == BULK ? rows : 1;
    }

    /** The request path and JSON body for request number {@code sequence} of client {@code client}. */
    String[] request(int client, long sequence, int rowsPerRequest, String level) {
        return switch (this) {
            case MIX -> (sequence % 5 == 0 ? INSERT : READ).request(client, sequence, rowsPerRequest, level);
            case INSERT -> new String[] {"/db/execute", "[[\"INSERT INTO bench(client, seq, payload) VALUES(?, ?, ?)\", "
                    + client + ", " + sequence + ", \"payload-" + sequence + "\"]]"};
            case BULK -> {
                StringBuilder body = new StringBuilder("[");
                for (int row = 0; row < rowsPerRequest; row++) {
                    body.append(row == 0 ? "" : ",").append("[\"INSERT INTO bench(client, seq, payload) VALUES(?, ?, ?)\", ")
                            .append(client).append(", ").append(sequence * rowsPerRequest + row).append(", \"p\"]");
                }
                yield new String[] {"/db/execute", body.append("]").toString()};
            }
            case READ -> new String[] {"/db/query?level=" + level,
                    "[[\"SELECT payload FROM bench WHERE id = ?\", " + (1 + Math.floorMod(sequence * 7919 + client, 1000)) + "]]"};
        };
    }
}
