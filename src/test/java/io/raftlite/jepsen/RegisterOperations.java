package io.raftlite.jepsen;

import java.util.List;
import java.util.Optional;

/**
 * Register operations as the sequential model sees them (§3.2 step 1-2): a failed operation had no
 * effect and is dropped, and so is a read that did not answer; an info write or cas has an unknown
 * outcome; numbers are Longs.
 */
final class RegisterOperations {
    private RegisterOperations() {
    }

    /** The operation for the model, with {@code id}, or empty when it cannot have had an effect. */
    static Optional<Operation> effective(ClientOperation op, int id) {
        if (op.failed() || (op.f().equals("read") && !op.ok())) {
            return Optional.empty();
        }
        switch (op.f()) {
            case "read":
                return Optional.of(operation(op, id, null, JsonNumbers.toLong(op.result())));
            case "write":
                return Optional.of(operation(op, id, JsonNumbers.toLong(op.argument()), null));
            case "cas":
                List<Long> oldAndNew = JsonNumbers.toLongList(op.argument());
                if (op.ok() && !(op.result() instanceof Boolean)) {
                    throw new IllegalArgumentException("a cas completes ok with true or false: " + op);
                }
                return Optional.of(operation(op, id, new Object[] {oldAndNew.get(0), oldAndNew.get(1)}, op.result()));
            default:
                throw new IllegalArgumentException("not a register operation: " + op);
        }
    }

    /** The value {@code op} may have left in the register: a write's, or a cas's new value unless it answered false. */
    static Optional<Long> valueWritten(Operation op) {
        switch (op.function()) {
            case "write":
                return Optional.of((Long) op.argument());
            case "cas":
                return Boolean.FALSE.equals(op.result()) ? Optional.empty() : Optional.of((Long) ((Object[]) op.argument())[1]);
            default:
                return Optional.empty();
        }
    }

    private static Operation operation(ClientOperation op, int id, Object argument, Object result) {
        return new Operation(id, op.process(), op.call(), op.ret(), op.f(), argument, result);
    }
}
