package gameday.harness.workload;

/**
 * One operation a client attempted, folded from its invoke and completion lines.
 * Times are run-clock nanoseconds; {@code complete} is -1 while the outcome is unknown.
 *
 * @param f   what kind of write: {@code row} (a plain insert) or {@code object} (bytes + metadata row)
 * @param key the identity to look for after recovery (row id, or the object's sha256)
 */
public record Op(long id, String f, String key, long invoke, long complete, Outcome outcome, String error) {
    public enum Outcome {
        OK, FAIL, UNKNOWN;

        @com.fasterxml.jackson.annotation.JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }

    public boolean ok() {
        return outcome == Outcome.OK;
    }

    /** The identity as the checkers compare it: kind and key. */
    public String ref() {
        return f + "/" + key;
    }
}
