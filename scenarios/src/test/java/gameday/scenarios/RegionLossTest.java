package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.check;
import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
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
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("valid", r.verdict, () -> "checks: " + r.checks);
        assertEquals(0, check(r, "rpo").figure("holes").getAsLong(), "only a suffix of the writes may be lost");
        assertTrue(figure(r, "rpoCount") >= 0 && figure(r, "rpoTimeMs") >= 0);
        assertTrue(figure(r, "objectsRestored") > 0 && figure(r, "rowsRestored") > 0);
        assertEquals(0, check(r, "consistency").figure("dangling").getAsLong(), "the DB references only objects in the DR bucket");
        assertTrue(check(r, "consistency").figure("objects").getAsLong() > 0, "the check ran against the DR bucket's objects");
        assertTrue(figure(r, "objectsReplicated") > 0);
        assertTrue(ScenarioTests.phaseNames(r).containsAll(List.of("build-standby", "standby-catch-up", "detect", "fence", "promote", "verify", "switchover")));
    }
}
