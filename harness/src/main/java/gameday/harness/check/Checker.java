package gameday.harness.check;

import gameday.harness.Environment;
import gameday.harness.workload.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One check of a game day, Jepsen style: every checker reads the same {@link Context} and returns a
 * {@link Verdict} under its own name. Checkers are composed with {@link #runAll}, which runs them in
 * order and keeps one checker's exception from costing the others their verdicts.
 */
public interface Checker {
    /** The name its verdict is journaled under. */
    String name();

    Verdict check(Context ctx) throws Exception;

    /**
     * What a checker may read.
     *
     * @param history  every operation the clients attempted
     * @param env      the environment after recovery: its endpoint points at the restored cluster and bucket
     * @param expected which acknowledged writes must be present
     * @param rtoMs    fault injection to the first write acknowledged by the recovered service
     * @param earlier  the verdicts of the checkers that ran before this one
     */
    record Context(List<Op> history, Environment env, Expectation expected, long rtoMs, List<Verdict> earlier) {
        /** The verdict an earlier checker gave, if it ran. */
        public Optional<Verdict> earlier(String checker) {
            return earlier.stream().filter(v -> v.checker().equals(checker)).findFirst();
        }
    }

    /**
     * Runs the checkers in order, each check-safe: one that throws yields {@code unknown} with its
     * exception's message for itself alone, and the rest still run.
     */
    static List<Verdict> runAll(List<Checker> checkers, Context ctx) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Checker c : checkers) {
            Context seen = new Context(ctx.history(), ctx.env(), ctx.expected(), ctx.rtoMs(), List.copyOf(verdicts));
            verdicts.add(checkSafe(c, seen));
        }
        return verdicts;
    }

    private static Verdict checkSafe(Checker c, Context ctx) {
        try {
            Verdict v = c.check(ctx);
            return v != null ? v : Verdict.unknown(c.name(), "the checker returned no verdict");
        } catch (Exception e) {
            return Verdict.unknown(c.name(), e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    /** A checker from a name and a function, for composing checkers that need nothing else. */
    static Checker of(String name, Check check) {
        return new Checker() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Verdict check(Context ctx) throws Exception {
                return check.check(ctx);
            }
        };
    }

    /** The body of a checker made with {@link #of}. */
    @FunctionalInterface
    interface Check {
        Verdict check(Context ctx) throws Exception;
    }
}
