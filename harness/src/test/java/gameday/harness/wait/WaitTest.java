package gameday.harness.wait;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gameday.harness.GameDayException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaitTest {
    @Test
    void returnsTheValueThatSatisfiedTheCondition() {
        AtomicInteger n = new AtomicInteger();
        assertEquals(3, Wait.forThe("three polls").atMost(Duration.ofSeconds(10)).pollEvery(Duration.ofMillis(1)).until(n::incrementAndGet, v -> v >= 3));
    }

    @Test
    void aTimeoutIsOneLineNamingWhatWasAwaited() {
        GameDayException e = assertThrows(GameDayException.class,
                () -> Wait.forThe("pg-main to accept connections").atMost(Duration.ofMillis(200)).until(() -> false));
        assertEquals("timed out after 200 ms waiting for pg-main to accept connections", e.getMessage());
    }

    @Test
    void failFastGivesTheReason() {
        GameDayException e = assertThrows(GameDayException.class, () -> Wait.forThe("recovery to finish").atMost(Duration.ofMinutes(5))
                .failFast(() -> true, () -> "postgres exited: FATAL boom").until(() -> false));
        assertEquals("gave up waiting for recovery to finish: postgres exited: FATAL boom", e.getMessage());
    }

    @Test
    void exceptionsCountAsNotYetWhenIgnored() {
        AtomicInteger n = new AtomicInteger();
        Wait.forThe("a flaky probe").atMost(Duration.ofSeconds(10)).pollEvery(Duration.ofMillis(1)).ignoringExceptions().until(() -> {
            if (n.incrementAndGet() < 3) throw new IllegalStateException("not yet");
            return true;
        });
        assertEquals(3, n.get());
    }

    @Test
    void aHypothesisThatHoldsPasses() {
        AtomicInteger probes = new AtomicInteger();
        Wait.holds("acknowledgements keep flowing", Duration.ofMillis(200), Duration.ofMillis(10), () -> probes.incrementAndGet() > 0);
        assertEquals(true, probes.get() > 1, "probed during the window, not once");
    }

    @Test
    void aHypothesisThatBreaksAbortsWithItsName() {
        AtomicInteger probes = new AtomicInteger();
        GameDayException e = assertThrows(GameDayException.class, () -> Wait.holds("archiver failures do not grow", Duration.ofSeconds(30),
                Duration.ofMillis(1), () -> probes.incrementAndGet() < 3));
        assertEquals("steady state not reached (archiver failures do not grow)", e.getMessage());
        assertEquals(3, probes.get(), "stopped at the first broken probe");
    }
}
