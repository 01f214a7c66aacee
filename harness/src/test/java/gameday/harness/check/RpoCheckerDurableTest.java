package gameday.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import gameday.harness.workload.Op;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Histories written by hand: what {@link Expectation#durableAt()} excuses and what it does not. */
class RpoCheckerDurableTest {
    private static Op ok(long id, long invoke, long complete) {
        return new Op(id, "row", "r" + id, invoke, complete, Op.Outcome.OK, null);
    }

    // r1 acked at 10, r2 at 20, r3 at 30; fault at 40, service back at 100, r4 acked there at 110
    private static final List<Op> HISTORY = List.of(ok(1, 5, 10), ok(2, 15, 20), ok(3, 25, 30), ok(4, 105, 110));

    @Test
    void aLossAfterTheDurablePointIsCountedButNotAFailure() {
        Verdict v = RpoChecker.check(HISTORY, Set.of("row/r1", "row/r4"), Expectation.latest(40, 100).durableUpTo(15));
        assertEquals(Verdict.Validity.VALID, v.validity(), v.reasons().toString());
        assertEquals(2, v.figure("rpoCount").getAsLong());
        assertEquals(2, v.figure("lostUndurable").getAsLong());
    }

    @Test
    void aLossBeforeTheDurablePointIsInvalid() {
        Verdict v = RpoChecker.check(HISTORY, Set.of("row/r2", "row/r3", "row/r4"), Expectation.latest(40, 100).durableUpTo(15));
        assertEquals(Verdict.Validity.INVALID, v.validity());
        assertEquals(1, v.figure("rpoCount").getAsLong());
        assertEquals(0, v.figure("lostUndurable").getAsLong());
    }

    @Test
    void withoutADurablePointEveryLossIsInvalid() {
        Verdict v = RpoChecker.check(HISTORY, Set.of("row/r1", "row/r2", "row/r4"), Expectation.latest(40, 100));
        assertEquals(Verdict.Validity.INVALID, v.validity());
        assertEquals(1, v.figure("rpoCount").getAsLong());
    }

    @Test
    void writesOnTheRecoveredServiceAreNeverExcused() {
        Verdict v = RpoChecker.check(HISTORY, Set.of("row/r1", "row/r2", "row/r3"), Expectation.latest(40, 100).durableUpTo(15));
        assertEquals(Verdict.Validity.INVALID, v.validity());
        assertEquals(0, v.figure("lostUndurable").getAsLong());
    }
}
