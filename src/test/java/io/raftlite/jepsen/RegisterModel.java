package io.raftlite.jepsen;

import java.util.Objects;
import java.util.Optional;

/**
 * A compare-and-set register as a sequential specification: state is the value (null when
 * absent). Reads must see the state; writes set it; a cas that answered true needed a match, one
 * that answered false needed a mismatch; a cas with an unknown outcome applies if it matches.
 */
final class RegisterModel {
    private RegisterModel() {
    }

    /** The state after {@code op}, or empty if {@code op} could not have happened in {@code state}. */
    static Optional<Object> step(Object state, Operation op) {
        switch (op.function()) {
            case "read":
                return Objects.equals(unbox(state), op.result()) ? Optional.of(box(state)) : Optional.empty();
            case "write":
                return Optional.of(box(op.argument()));
            case "cas": {
                Object[] oldAndNew = (Object[]) op.argument();
                boolean matches = Objects.equals(unbox(state), oldAndNew[0]);
                if (op.result() == null) {
                    return Optional.of(matches ? box(oldAndNew[1]) : box(state));
                }
                boolean applied = (Boolean) op.result();
                if (applied != matches) {
                    return Optional.empty();
                }
                return Optional.of(applied ? box(oldAndNew[1]) : box(state));
            }
            default:
                throw new IllegalArgumentException("unknown function " + op.function());
        }
    }

    /** Optional cannot hold null: the absent register is its own value. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "nil";
        }
    };

    private static Object box(Object value) {
        return value == null || value == ABSENT ? ABSENT : value;
    }

    static Object unbox(Object state) {
        return state == ABSENT ? null : state;
    }
}
