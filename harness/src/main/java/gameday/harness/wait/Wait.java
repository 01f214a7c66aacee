package gameday.harness.wait;

import gameday.harness.GameDayException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * Every wait of the harness, read as a sentence and failing as one line:
 * {@code Wait.forThe("standby to stream").atMost(d).until(probe)}. This is the one place that
 * turns Awaitility's timeout into a {@link GameDayException} naming what was awaited; a
 * fail-fast condition (a process that died) ends the wait at once with its reason.
 */
public final class Wait {
    private static final Duration PROBE_SLACK = Duration.ofSeconds(30);
    private final String what;
    private Duration atMost = Duration.ofSeconds(60);
    private Duration pollInterval = Duration.ofMillis(50);
    private boolean ignoreExceptions;
    private String failFastReason;
    private Callable<Boolean> failFast;
    private Callable<String> failFastDetail;

    private Wait(String what) {
        this.what = what;
    }

    /** A wait for {@code what}, e.g. "pg-main to accept connections". */
    public static Wait forThe(String what) {
        return new Wait(what);
    }

    public Wait atMost(Duration d) {
        this.atMost = d;
        return this;
    }

    public Wait pollEvery(Duration d) {
        this.pollInterval = d;
        return this;
    }

    /** Probes that throw (a server not up yet refuses connections) count as "not yet". */
    public Wait ignoringExceptions() {
        this.ignoreExceptions = true;
        return this;
    }

    /** Stops waiting at once when {@code stopped} is true: the condition can never come true. */
    public Wait failFast(String reason, Callable<Boolean> stopped) {
        this.failFastReason = reason;
        this.failFast = stopped;
        return this;
    }

    /** As {@link #failFast(String, Callable)}, with the reason read when it happens (a log's last line). */
    public Wait failFast(Callable<Boolean> stopped, Callable<String> reason) {
        this.failFast = stopped;
        this.failFastDetail = reason;
        return this;
    }

    private ConditionFactory factory() {
        ConditionFactory f = Awaitility.await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(pollInterval);
        if (ignoreExceptions) f = f.ignoreExceptions();
        if (failFast != null) f = f.failFast(what + " can no longer happen", failFast);
        return f;
    }

    public void until(Callable<Boolean> condition) {
        run(() -> {
            factory().until(condition);
            return null;
        });
    }

    /** Waits until {@code probe}'s value satisfies {@code ok}, and returns that value. */
    public <T> T until(Callable<T> probe, Predicate<? super T> ok) {
        return run(() -> factory().until(probe, ok));
    }

    private <T> T run(Callable<T> body) {
        try {
            return body.call();
        } catch (ConditionTimeoutException e) {
            throw new GameDayException("timed out after " + seconds(atMost) + " waiting for " + what);
        } catch (TerminalFailureException e) {
            String why = failFastReason;
            if (failFastDetail != null) {
                try {
                    why = failFastDetail.call();
                } catch (Exception ignored) {
                    why = "(reason unreadable)";
                }
            }
            throw new GameDayException("gave up waiting for " + what + ": " + why);
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("waiting for " + what + " failed: " + e.getMessage(), e);
        }
    }

    /** One named part of a steady-state hypothesis (Chaos Toolkit's probe): {@code holds} says whether it holds right now. */
    public record Hypothesis(String name, Callable<Boolean> holds) {}

    /**
     * A steady-state hypothesis: {@code holds} must stay true, probed every poll interval, for the
     * whole {@code window}. This is how a deliberate pause is written (the workload runs while
     * the hypothesis is watched), never as a sleep. Throws naming the hypothesis when it breaks.
     */
    public static void holds(String hypothesis, Duration window, Duration pollInterval, Callable<Boolean> holds) {
        holds(window, pollInterval, new Hypothesis(hypothesis, holds));
    }

    /**
     * Several hypotheses held together during one window, probed in order; the error names the
     * first that broke. A probe that throws breaks its hypothesis, with the exception's message.
     */
    public static void holds(Duration window, Duration pollInterval, Hypothesis... hypotheses) {
        long end = System.nanoTime() + window.toNanos();
        String all = String.join("; ", java.util.Arrays.stream(hypotheses).map(Hypothesis::name).toList());
        try {
            // the window itself is the point: Awaitility's during() would wait for it to hold again, not report the break
            // a probe on busy cores can take seconds (a connection, a listing); a hung one is still bounded
            Awaitility.await(all).pollDelay(Duration.ZERO).pollInterval(pollInterval).atMost(window.plus(pollInterval.multipliedBy(4)).plus(PROBE_SLACK))
                    .until(() -> {
                        for (Hypothesis h : hypotheses) probe(h);
                        return System.nanoTime() >= end;
                    });
        } catch (ConditionTimeoutException e) {
            throw new GameDayException("steady state not reached (" + all + "): the probe did not finish within the window");
        } catch (HypothesisBroken e) {
            throw new GameDayException("steady state not reached (" + e.getMessage() + ")");
        }
    }

    private static void probe(Hypothesis h) {
        boolean held;
        try {
            held = h.holds().call();
        } catch (Exception e) {
            throw new HypothesisBroken(h.name() + ": " + e.getMessage());
        }
        if (!held) throw new HypothesisBroken(h.name());
    }

    private static final class HypothesisBroken extends RuntimeException {
        HypothesisBroken(String hypothesis) {
            super(hypothesis, null, false, false);
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
