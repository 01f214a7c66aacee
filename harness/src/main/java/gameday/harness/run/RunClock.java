package gameday.harness.run;

import java.time.Instant;

/**
 * Monotonic clock of one run with a wall-clock anchor. Every time in the history and the
 * journal is nanoseconds since the anchor, so durations never jump with NTP; the wall clock
 * is derived only where PostgreSQL needs it (recovery_target_time).
 */
public final class RunClock {
    private final long anchorNanos;
    private final Instant anchorWall;

    public RunClock() {
        this(System.nanoTime(), Instant.now());
    }

    /** A clock whose wall time is {@code skew} off this machine's, as a harness on another host may be. */
    public static RunClock skewed(java.time.Duration skew) {
        return new RunClock(System.nanoTime(), Instant.now().plus(skew));
    }

    public RunClock(long anchorNanos, Instant anchorWall) {
        this.anchorNanos = anchorNanos;
        this.anchorWall = anchorWall;
    }

    /** Nanoseconds since the anchor. */
    public long now() {
        return System.nanoTime() - anchorNanos;
    }

    public Instant anchorWall() {
        return anchorWall;
    }

    public Instant wallOf(long runNanos) {
        return anchorWall.plusNanos(runNanos);
    }

    public long runNanosOf(Instant wall) {
        return java.time.Duration.between(anchorWall, wall).toNanos();
    }
}
