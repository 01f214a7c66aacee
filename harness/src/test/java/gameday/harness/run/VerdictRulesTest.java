package gameday.harness.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.check.Checker;
import gameday.harness.check.Verdict;
import gameday.harness.check.Verdict.Validity;
import gameday.harness.journal.ScenarioRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules that turn figures and checks into a verdict, and a verdict into pass or fail, on hand-made inputs. */
class VerdictRulesTest {
    private static final Targets RPO_ZERO = new Targets(null, null, 0L, null, null);

    private static Verdict targets(Targets t, long rtoMs, Verdict... earlier) {
        return new TargetsChecker(t).check(new Checker.Context(List.of(), null, null, rtoMs, List.of(earlier)));
    }

    private static Verdict rpo(long count) {
        return Verdict.of("rpo", Map.of("rpoCount", count, "rpoTimeMs", 0L), List.of());
    }

    private static ScenarioRecord record(String status, String expected, Verdict... checks) {
        ScenarioRecord r = new ScenarioRecord();
        r.status = status;
        r.expectedVerdict = expected;
        r.checks.addAll(List.of(checks));
        r.verdict = Runner.overall(r).json();
        return r;
    }

    @Test
    void aTargetWhoseFigureIsMissingIsUnknownNamingTheFigure() {
        Verdict rpoThrew = Verdict.unknown("rpo", "cannot connect to the restored cluster");
        Verdict v = targets(RPO_ZERO, 1_000, rpoThrew);
        assertEquals(Validity.UNKNOWN, v.validity());
        assertTrue(v.reasons().get(0).contains("rpoCount"), v.reasons().toString());
        assertTrue(v.reasons().get(0).contains("cannot connect to the restored cluster"), v.reasons().toString());
        assertEquals(Validity.UNKNOWN, targets(RPO_ZERO, 1_000).validity(), "no rpo check at all");
    }

    @Test
    void exactlyAtTheTargetMeetsIt() {
        assertEquals(Validity.VALID, targets(RPO_ZERO, 1_000, rpo(0)).validity());
        Targets rto = new Targets(null, Duration.ofSeconds(30), null, null, null);
        assertEquals(Validity.VALID, targets(rto, 30_000).validity());
    }

    @Test
    void overTheTargetMissesIt() {
        assertEquals(Validity.INVALID, targets(RPO_ZERO, 1_000, rpo(1)).validity());
        Targets rto = new Targets(null, Duration.ofSeconds(30), null, null, null);
        Verdict v = targets(rto, 30_001);
        assertEquals(Validity.INVALID, v.validity());
        assertEquals(List.of("RTO 30001 ms > target 30000 ms"), v.reasons());
    }

    @Test
    void aMissedTargetBeatsAnUnjudgedOne() {
        Targets both = new Targets(null, Duration.ofSeconds(30), null, null, 0L);
        assertEquals(Validity.INVALID, targets(both, 60_000).validity(), "RTO missed, dangling not measured");
    }

    @Test
    void aNegativeControlThatIsCaughtPasses() {
        ScenarioRecord r = record("completed", "invalid", rpo(5), targets(RPO_ZERO, 1_000, rpo(5)));
        assertEquals("invalid", r.verdict);
        assertTrue(r.asExpected());
    }

    @Test
    void aNegativeControlThatIsMissedFails() {
        ScenarioRecord r = record("completed", "invalid", rpo(0), targets(RPO_ZERO, 1_000, rpo(0)));
        assertEquals("valid", r.verdict);
        assertFalse(r.asExpected());
    }

    @Test
    void aNegativeControlWhoseProcedureBrokeDoesNotPass() {
        ScenarioRecord r = record("failed", "invalid", Verdict.unknown("procedure", "the game day did not finish: phase provision failed"));
        assertEquals("invalid", r.verdict);
        assertFalse(r.asExpected(), "its invalid comes from the breakage, not from a caught failure");
    }

    @Test
    void aThrowingCheckerIsUnknownForItselfOnlyAndTheOthersKeepTheirVerdicts() {
        List<List<String>> seen = new ArrayList<>();
        Checker before = Checker.of("before", ctx -> Verdict.of("before", Map.of("n", 1), List.of()));
        Checker throwing = Checker.of("throwing", ctx -> {
            throw new IllegalStateException("cannot list bucket app: connection refused");
        });
        Checker after = Checker.of("after", ctx -> {
            seen.add(ctx.earlier().stream().map(Verdict::checker).toList());
            return Verdict.of("after", Map.of(), List.of("1 row lost"));
        });
        List<Verdict> v = Checker.runAll(List.of(before, throwing, after), new Checker.Context(List.of(), null, null, 0, List.of()));
        assertEquals(List.of("before", "throwing", "after"), v.stream().map(Verdict::checker).toList());
        assertEquals(Validity.VALID, v.get(0).validity());
        assertEquals(1L, v.get(0).figure("n").getAsLong());
        assertEquals(Validity.UNKNOWN, v.get(1).validity());
        assertEquals(List.of("cannot list bucket app: connection refused"), v.get(1).reasons());
        assertEquals(Validity.INVALID, v.get(2).validity());
        assertEquals(List.of(List.of("before", "throwing")), seen, "a later checker sees the verdicts before it");
    }

    @Test
    void invalidBeatsUnknownBeatsValid() {
        Verdict valid = rpo(0), unknown = Verdict.unknown("consistency", "objects table missing"), invalid = rpo(3);
        assertEquals("unknown", record("completed", "valid", valid, unknown).verdict);
        assertEquals("invalid", record("completed", "valid", unknown, Verdict.of("x", Map.of(), List.of("bad")), valid).verdict);
        assertEquals(Validity.INVALID, Verdict.overall(List.of(invalid, Verdict.of("y", Map.of(), List.of("lost"))), true).and(Validity.UNKNOWN));
    }

    @Test
    void aScenarioThatDidNotCompleteIsInvalid() {
        ScenarioRecord r = record("failed", "valid", rpo(0), Verdict.unknown("procedure", "the game day did not finish: phase restore failed"));
        assertEquals("invalid", r.verdict);
        assertFalse(r.asExpected());
        assertEquals("invalid", record("failed", "valid").verdict, "even with no checks at all");
    }
}
