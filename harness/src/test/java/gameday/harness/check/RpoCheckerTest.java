package gameday.harness.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.workload.Op;
import gameday.harness.workload.Op.Outcome;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Histories written by hand, in Jepsen's style; times are milliseconds turned into run-clock ns. */
class RpoCheckerTest {
    static long ms(long m) {
        return m * 1_000_000;
    }

    static Op ok(long id, String key, long invokeMs, long completeMs) {
        return new Op(id, "row", key, ms(invokeMs), ms(completeMs), Outcome.OK, null);
    }

    static Op fail(long id, String key, long invokeMs, long completeMs) {
        return new Op(id, "row", key, ms(invokeMs), ms(completeMs), Outcome.FAIL, "boom");
    }

    static Op unknown(long id, String key, long invokeMs) {
        return new Op(id, "row", key, ms(invokeMs), -1, Outcome.UNKNOWN, null);
    }

    @Test
    void everyAcknowledgedWriteSurvivesALatestRecovery() {
        List<Op> h = List.of(ok(1, "a", 0, 10), ok(2, "b", 20, 30), ok(3, "c", 40, 50));
        Verdict v = RpoChecker.check(h, Set.of("row/a", "row/b", "row/c"), Expectation.latest(ms(100), ms(200)));
        assertTrue(v.valid(), v.reasons().toString());
        assertEquals(0, v.figure("rpoCount").getAsLong());
        assertEquals(50, v.figure("rpoTimeMs").getAsLong()); // fault at 100 ms, newest surviving ack at 50 ms
        assertEquals(3, v.figure("acknowledged").getAsLong());
    }

    @Test
    void lostAcknowledgedWritesAreCountedAndTimed() {
        List<Op> h = List.of(ok(1, "a", 0, 10), ok(2, "b", 20, 30), ok(3, "c", 40, 50), ok(4, "d", 60, 70));
        Verdict v = RpoChecker.check(h, Set.of("row/a", "row/b", "row/d"), Expectation.latest(ms(100), ms(200)));
        assertEquals(Verdict.Validity.INVALID, v.validity());
        assertEquals(1, v.figure("rpoCount").getAsLong());
        // "c" is lost, so the newest write such that all before it survived is "b" (30 ms)
        assertEquals(70, v.figure("rpoTimeMs").getAsLong());
        assertEquals(List.of("row/c"), v.figures().get("lostSample"));
        assertTrue(v.reasons().get(0).contains("1 acknowledged writes lost"));
    }

    @Test
    void unknownOutcomesMayGoEitherWay() {
        List<Op> h = List.of(ok(1, "a", 0, 10), unknown(2, "b", 20), unknown(3, "c", 30));
        Verdict v = RpoChecker.check(h, Set.of("row/a", "row/b"), Expectation.latest(ms(100), ms(200)));
        assertTrue(v.valid(), v.reasons().toString());
        assertEquals(1, v.figure("recoveredUnknown").getAsLong());
        assertEquals(0, v.figure("rpoCount").getAsLong());
    }

    @Test
    void aFailedWriteThatIsPresentIsReported() {
        List<Op> h = List.of(ok(1, "a", 0, 10), fail(2, "b", 20, 30));
        Verdict v = RpoChecker.check(h, Set.of("row/a", "row/b"), Expectation.latest(ms(100), ms(200)));
        assertEquals(Verdict.Validity.INVALID, v.validity());
        assertEquals(1, v.figure("failedButPresent").getAsLong());
    }

    @Test
    void pitrGivesUpWritesAfterTheTargetAndFlagsThoseThatReappear() {
        // target at 50 ms, fault at 80 ms, service back at 200 ms
        List<Op> h = List.of(ok(1, "a", 0, 10), ok(2, "b", 40, 45), ok(3, "c", 55, 60), ok(4, "d", 65, 70), ok(5, "e", 210, 220));
        Expectation e = Expectation.pitr(ms(80), ms(50), ms(200));
        Verdict clean = RpoChecker.check(h, Set.of("row/a", "row/b", "row/e"), e);
        assertTrue(clean.valid(), clean.reasons().toString());
        assertEquals(2, clean.figure("givenUp").getAsLong());
        assertEquals(0, clean.figure("rpoCount").getAsLong());
        assertEquals(35, clean.figure("rpoTimeMs").getAsLong()); // fault 80 ms - last surviving ack 45 ms

        Verdict reappeared = RpoChecker.check(h, Set.of("row/a", "row/b", "row/c", "row/e"), e);
        assertEquals(Verdict.Validity.INVALID, reappeared.validity());
        assertEquals(1, reappeared.figure("reappeared").getAsLong());
        assertEquals(1, reappeared.figure("givenUp").getAsLong());
    }

    @Test
    void aTargetReadFromTheServerLeavesTheWritesOfItsReadIntervalUndecided() {
        // the server's clock was read between 50 and 60 ms on the run clock; fault at 80 ms, back at 200 ms
        List<Op> h = List.of(ok(1, "a", 0, 45), ok(2, "b", 52, 55), ok(3, "c", 62, 65));
        Expectation e = Expectation.pitr(ms(80), ms(50), ms(60), ms(200));
        for (Set<String> observed : List.of(Set.of("row/a"), Set.of("row/a", "row/b"))) {
            Verdict v = RpoChecker.check(h, observed, e);
            assertTrue(v.valid(), "b, invoked while the target was read, may go either way: " + v.reasons());
        }
        assertEquals(Verdict.Validity.INVALID, RpoChecker.check(h, Set.of("row/b"), e).validity(), "a, acknowledged before, must be back");
        assertEquals(Verdict.Validity.INVALID, RpoChecker.check(h, Set.of("row/a", "row/c"), e).validity(), "c, invoked after, must not");
    }

    @Test
    void writesOnTheRecoveredServiceMustSurviveToo() {
        List<Op> h = List.of(ok(1, "a", 0, 10), ok(2, "z", 210, 220));
        Verdict v = RpoChecker.check(h, Set.of("row/a"), Expectation.latest(ms(100), ms(200)));
        assertEquals(1, v.figure("rpoCount").getAsLong());
    }

    @Test
    void anEmptyHistoryMeasuresNothing() {
        Verdict v = RpoChecker.check(List.of(), Set.of(), Expectation.latest(ms(100), ms(200)));
        assertEquals(Verdict.Validity.UNKNOWN, v.validity());
        assertEquals(0, v.figure("attempted").getAsLong());
        assertEquals(0, v.figure("rpoCount").getAsLong());
    }

    /** Found by the independent RPO test: an ack that came back after the fault started is still a promise. */
    @Test
    void anAckBetweenTheFaultAndItsEffectCountsInALatestRecovery() {
        List<Op> h = List.of(ok(1, "a", 0, 10), ok(2, "b", 95, 105));
        Verdict v = RpoChecker.check(h, Set.of("row/a"), Expectation.latest(ms(100), ms(200)));
        assertEquals(1, v.figure("rpoCount").getAsLong());
        assertEquals(2, v.figure("mustSurvive").getAsLong());
    }
}
