package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import gameday.harness.run.Targets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDestroyedTest {
    @TempDir
    Path runs;

    @Test
    void fullRebuildFromTheObjectStoreLosesOnlyWhatHadNotReachedTheArchive() {
        ScenarioRecord r = ScenarioTests.run(runs, new ClusterDestroyed());
        ScenarioTests.assertRecovered(r, "detect", "fence", "restore-base", "replay-wal", "verify", "switchover");
        // the WAL written after the last archived segment was on the deleted disk only
        assertTrue(figure(r, "archiveLagSegments") >= 1, "archive lag measured at the fault");
        assertTrue(figure(r, "archiveLagBytes") > 0, "unarchived WAL at the fault");
        assertTrue(figure(r, "rpoCount") > 0, "the unarchived writes are lost");
        assertEquals(figure(r, "rpoCount"), figure(r, "lostUndurable"), "nothing that reached the archive is lost");
    }

    /** Negative control: read "RPO seconds" as "no write lost", and the targets check must fail on the unarchived tail. */
    @Test
    void anRpoOfZeroIsAMissedTargetForATotalLoss() {
        Targets zero = new Targets("negative control: RPO 0 for a total loss", null, 0L, null, null);
        ScenarioRecord r = ScenarioTests.run(runs, new ClusterDestroyed(), Map.of("cluster-destroyed", zero));
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("invalid", r.verdict);
        assertEquals("valid", ScenarioTests.check(r, "rpo").validity().json(), "the loss itself is the expected one");
        var targets = ScenarioTests.check(r, "targets");
        assertEquals("invalid", targets.validity().json());
        assertTrue(targets.reasons().get(0).contains("writes lost > target 0"), targets.reasons().toString());
    }
}
