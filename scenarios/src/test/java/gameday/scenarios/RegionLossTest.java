package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.check;
import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import gameday.harness.workload.Op;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegionLossTest {
    @TempDir
    Path runs;

    @Test
    void promotingTheWarmStandbyLosesOnlyASuffixAndTheDrBucketMatches() {
        ScenarioRecord r = ScenarioTests.run(runs, new RegionLoss());
        ScenarioTests.assertRecovered(r, "build-standby", "standby-catch-up", "detect", "fence", "promote", "verify", "switchover");
        assertEquals(0, check(r, "rpo").figure("holes").getAsLong(), "only a suffix of the writes may be lost");
        assertTrue(check(r, "consistency").figure("objects").getAsLong() > 0, "the check ran against the DR bucket's objects");
        assertTrue(figure(r, "objectsReplicated") > 0);
        assertRpoCountMatchesTheHistory(r);
    }

    /**
     * The RPO count against the clients' own history file, without the checker. Before the
     * switchover the writers only wrote to the lost primary, so the rows the promoted standby held
     * at verify are the acknowledged writes minus the lost ones, plus whichever writes of unknown
     * outcome had committed. And the standby is fed from the archive: the segment being written
     * at the fault never left the primary region, so some acknowledged writes must be lost.
     */
    private static void assertRpoCountMatchesTheHistory(ScenarioRecord r) {
        long switchoverAt = (long) (r.phases.stream().filter(p -> p.name().equals("switchover")).findFirst().orElseThrow().startMs() * 1_000_000);
        List<Op> before = ScenarioTests.history(r).stream().filter(o -> o.invoke() < switchoverAt && !o.f().equals("delete")).toList();
        long acknowledged = before.stream().filter(Op::ok).count();
        long unknown = before.stream().filter(o -> o.outcome() == Op.Outcome.UNKNOWN).count();
        long restored = figure(r, "rowsRestored") + figure(r, "objectsRestored");
        long lost = figure(r, "rpoCount");
        assertTrue(lost > 0, "writes after the last archived segment cannot be in the DR region");
        assertTrue(restored >= acknowledged - lost && restored <= acknowledged - lost + unknown,
                () -> "restored " + restored + " rows, history: " + acknowledged + " acknowledged, " + unknown + " unknown; RPO count " + lost);
    }
}
