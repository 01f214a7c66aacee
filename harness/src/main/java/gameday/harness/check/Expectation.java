package gameday.harness.check;

/**
 * Which acknowledged writes must be present after recovery, all on the run clock (ns).
 * <ul>
 * <li>{@code PITR} to target T: writes acknowledged before T must be present; writes invoked
 *     after T and before the service came back must be absent (the price of a PITR: "given up"
 *     when absent, "reappeared" when present); writes in flight at T may go either way.</li>
 * <li>{@code LATEST}: every write acknowledged before the fault must be present.</li>
 * <li>{@code ASYNC}: the service came back from a copy fed asynchronously (a warm standby, the
 *     WAL archive): acknowledged writes before the fault may be missing, but only as a suffix.
 *     The loss is measured (RPO count and time) and judged by the scenario's targets; a hole — a
 *     missing write acknowledged before a present write was invoked — is an error.</li>
 * </ul>
 * In all, writes invoked after {@code resumedAt} (on the recovered service) must be present.
 * <p>
 * A PITR target read from the server's clock is known on the run clock only as the interval the
 * read took: {@code targetFrom .. targetAt}. Writes acknowledged before {@code targetFrom} must be
 * present, writes invoked after {@code targetAt} must be absent, and those in between may go either way.
 * <p>
 * {@code durableAt}: the newest instant known to be safe off the failed node (forced into the
 * archive, or confirmed on a standby). A write acknowledged after it and lost is still counted
 * in the RPO, but is the loss the design accepts (not yet archived / replicated), not a
 * checker failure; a loss before it is. It equals {@code faultAt} unless a scenario measured it.
 * In {@code ASYNC} mode the durable point is not known: any lost suffix is accepted that way.
 */
public record Expectation(Mode mode, long faultAt, long targetFrom, long targetAt, long resumedAt, long durableAt) {
    public enum Mode { PITR, LATEST, ASYNC }

    public static Expectation pitr(long faultAt, long targetAt, long resumedAt) {
        return pitr(faultAt, targetAt, targetAt, resumedAt);
    }

    /** A PITR to a target known on the run clock to lie between {@code targetFrom} and {@code targetAt}. */
    public static Expectation pitr(long faultAt, long targetFrom, long targetAt, long resumedAt) {
        return new Expectation(Mode.PITR, faultAt, targetFrom, targetAt, resumedAt, targetFrom);
    }

    public static Expectation latest(long faultAt, long resumedAt) {
        return new Expectation(Mode.LATEST, faultAt, faultAt, faultAt, resumedAt, faultAt);
    }

    /** Only writes acknowledged before {@code at} were known durable off the failed node at the fault. */
    public Expectation durableUpTo(long at) {
        return new Expectation(mode, faultAt, targetFrom, targetAt, resumedAt, Math.min(at, targetFrom));
    }

    public static Expectation async(long faultAt, long resumedAt) {
        return new Expectation(Mode.ASYNC, faultAt, faultAt, faultAt, resumedAt, faultAt);
    }
}
