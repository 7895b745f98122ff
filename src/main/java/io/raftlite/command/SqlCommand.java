package io.raftlite.command;

import io.raftlite.api.Statement;

import java.util.List;

/**
 * The payload of one log entry: the statements of one request, applied together on every node.
 *
 * @param transaction  all statements in one transaction: the first error rolls them all back
 * @param rowsFromReads return rows for every statement that produces them (a read through the log,
 *                      or /db/request); otherwise only statements with RETURNING return rows, as
 *                      rqlite's /db/execute does
 */
public record SqlCommand(List<Statement> statements, boolean transaction, boolean rowsFromReads) {
    public SqlCommand {
        statements = List.copyOf(statements);
    }
}
