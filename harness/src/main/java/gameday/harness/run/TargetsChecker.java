package gameday.harness.run;

import gameday.harness.check.Checker;
import gameday.harness.check.ConsistencyChecker;
import gameday.harness.check.RpoChecker;
import gameday.harness.check.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Compares the measured figures with the scenario's {@link Targets}: a figure at its target meets
 * it, one over it misses it. A target whose figure was not measured (its checker threw or never
 * ran) cannot be judged: that is unknown, never met.
 */
public final class TargetsChecker implements Checker {
    public static final String NAME = "targets";

    private final Targets targets;

    public TargetsChecker(Targets targets) {
        this.targets = targets;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict check(Context ctx) {
        Map<String, Object> f = new LinkedHashMap<>();
        List<String> missed = new ArrayList<>();
        List<String> unjudged = new ArrayList<>();
        f.put("rtoMs", ctx.rtoMs());
        if (targets.rto() != null && ctx.rtoMs() > targets.rto().toMillis()) missed.add("RTO " + ctx.rtoMs() + " ms > target " + targets.rto().toMillis() + " ms");
        if (targets.rpoCount() != null) figure(ctx, RpoChecker.NAME, "rpoCount", unjudged).ifPresent(count -> {
            if (count > targets.rpoCount()) missed.add("RPO " + count + " writes lost > target " + targets.rpoCount());
        });
        if (targets.rpoTime() != null) figure(ctx, RpoChecker.NAME, "rpoTimeMs", unjudged).ifPresent(time -> {
            if (time > targets.rpoTime().toMillis()) missed.add("RPO " + time + " ms > target " + targets.rpoTime().toMillis() + " ms");
        });
        if (targets.maxDangling() != null) figure(ctx, ConsistencyChecker.NAME, "dangling", unjudged).ifPresent(dangling -> {
            if (dangling > targets.maxDangling()) missed.add(dangling + " dangling references > target " + targets.maxDangling());
        });
        return Verdict.of(NAME, f, missed, unjudged);
    }

    /** The figure an earlier checker measured; when there is none, says so in {@code unjudged}. */
    private static OptionalLong figure(Context ctx, String checker, String figure, List<String> unjudged) {
        Optional<Verdict> v = ctx.earlier(checker);
        OptionalLong value = v.map(c -> c.figure(figure)).orElse(OptionalLong.empty());
        if (value.isEmpty()) unjudged.add("the " + figure + " target cannot be judged: the " + checker + " check "
                + v.map(c -> "gave no " + figure + (c.reasons().isEmpty() ? "" : " (" + String.join("; ", c.reasons()) + ")")).orElse("did not run"));
        return value;
    }
}
