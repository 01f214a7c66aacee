package gameday.harness.check;

import gameday.harness.workload.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RPO from the history against the restored state, in the shape of Jepsen's set checker:
 * attempted vs acknowledged vs observed.
 * <ul>
 * <li><b>RPO (count)</b>: acknowledged writes that must be present but are not ("lost"). Those
 *     acknowledged after {@link Expectation#durableAt()} ({@code lostUndurable}) count here but are
 *     judged by the targets; a loss before it makes the check invalid.</li>
 * <li><b>RPO (time)</b>: fault time minus the completion time of the newest acknowledged write W
 *     such that every acknowledged write completed up to W survived.</li>
 * </ul>
 */
public final class RpoChecker {
    public static final String NAME = "rpo";

    /** Compares the history with the write identities present in the restored cluster. */
    public static final Checker CHECKER = Checker.of(NAME,
            ctx -> check(ctx.history(), RestoredState.refs(ctx.env().endpoint().cluster()), ctx.expected()));

    private RpoChecker() {}

    public static Verdict check(List<Op> history, Set<String> observed, Expectation e) {
        long acknowledged = 0, mustSurvive = 0, givenUp = 0, recoveredUnknown = 0;
        List<Op> lost = new ArrayList<>();
        List<Op> undurable = new ArrayList<>();
        List<Op> reappeared = new ArrayList<>();
        List<Op> failedButPresent = new ArrayList<>();
        for (Op o : history) {
            boolean present = observed.contains(o.ref());
            if (o.ok()) acknowledged++;
            if (o.outcome() == Op.Outcome.FAIL && present) failedButPresent.add(o);
            if (o.outcome() == Op.Outcome.UNKNOWN && present) recoveredUnknown++;
            boolean afterResume = o.invoke() >= e.resumedAt();
            if (e.mode() == Expectation.Mode.PITR && o.invoke() > e.targetAt() && !afterResume) {
                if (present && o.outcome() != Op.Outcome.FAIL) reappeared.add(o);
                else if (o.ok()) givenUp++;
                continue;
            }
            // every acknowledgement is a promise: after a LATEST recovery all of them must be there,
            // including those that came back between the fault's start and its taking effect
            if (o.ok() && (e.mode() != Expectation.Mode.PITR || o.complete() < e.targetFrom() || afterResume)) {
                mustSurvive++;
                if (present) continue;
                // not yet archived / replicated at the fault: the loss the design accepts, judged by the targets
                if (!afterResume && (e.mode() == Expectation.Mode.ASYNC || o.complete() >= e.durableAt())) undurable.add(o);
                else lost.add(o);
            }
        }
        // a copy fed in commit order loses a suffix: a lost write that completed before a present
        // write was even invoked committed before it, so its absence is a hole, not lag
        List<Op> holes = new ArrayList<>();
        if (e.mode() == Expectation.Mode.ASYNC) {
            long newestPresent = history.stream().filter(o -> o.invoke() < e.resumedAt() && observed.contains(o.ref()))
                    .mapToLong(Op::invoke).max().orElse(Long.MIN_VALUE);
            for (Op o : undurable) if (o.complete() < newestPresent) holes.add(o);
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("attempted", history.size());
        f.put("acknowledged", acknowledged);
        f.put("mustSurvive", mustSurvive);
        f.put("rpoCount", lost.size() + undurable.size());
        f.put("lostUndurable", undurable.size());
        f.put("rpoTimeMs", rpoTimeMillis(history, observed, e.faultAt()));
        f.put("givenUp", givenUp);
        f.put("reappeared", reappeared.size());
        f.put("failedButPresent", failedButPresent.size());
        f.put("recoveredUnknown", recoveredUnknown);
        if (e.mode() == Expectation.Mode.ASYNC) f.put("holes", holes.size());
        if (!lost.isEmpty() || !undurable.isEmpty()) f.put("lostSample", sample(lost.isEmpty() ? undurable : lost));
        if (!reappeared.isEmpty()) f.put("reappearedSample", sample(reappeared));
        if (acknowledged == 0) return new Verdict(NAME, Verdict.Validity.UNKNOWN, f, List.of("no acknowledged writes in the history: nothing to measure"));
        List<String> problems = new ArrayList<>();
        if (!lost.isEmpty()) problems.add(lost.size() + " acknowledged writes lost");
        if (!holes.isEmpty()) problems.add(holes.size() + " acknowledged writes missing before a surviving one (not a suffix)");
        if (!reappeared.isEmpty()) problems.add(reappeared.size() + " writes after the recovery target reappeared");
        if (!failedButPresent.isEmpty()) problems.add(failedButPresent.size() + " writes reported as failed are present");
        return Verdict.of(NAME, f, problems);
    }

    /** Fault time minus the newest acknowledged completion before the fault such that nothing before it is missing. */
    static long rpoTimeMillis(List<Op> history, Set<String> observed, long faultAt) {
        List<Op> acked = history.stream().filter(o -> o.ok() && o.complete() < faultAt)
                .sorted(Comparator.comparingLong(Op::complete)).toList();
        long survivedUpTo = -1;
        for (Op o : acked) {
            if (!observed.contains(o.ref())) break;
            survivedUpTo = o.complete();
        }
        if (acked.isEmpty()) return 0;
        long from = survivedUpTo < 0 ? 0 : survivedUpTo;
        return Math.max(0, (faultAt - from) / 1_000_000);
    }

    private static List<String> sample(List<Op> ops) {
        return ops.stream().limit(5).map(Op::ref).toList();
    }
}
