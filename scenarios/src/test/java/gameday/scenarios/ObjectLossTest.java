package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.check;
import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import gameday.harness.workload.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectLossTest {
    @TempDir
    Path runs;

    @Test
    void objectsComeBackFromTheReplica() {
        ScenarioRecord r = ScenarioTests.run(runs, ObjectLoss.withReplica());
        ScenarioTests.assertRecovered(r, "detect", "fence", "restore-objects", "verify", "switchover");
        long hit = figure(r, "objectsDeleted") + figure(r, "objectsOverwritten");
        assertTrue(figure(r, "objectsDeleted") > 0 && figure(r, "objectsOverwritten") > 0);
        assertTrue(figure(r, "objectsCopiedBack") > 0);
        assertEquals(hit - figure(r, "objectsHitUnreplicated"), figure(r, "objectsCopiedBack"),
                "every deleted or overwritten object the replica held was copied back");
        assertEquals(0, check(r, "consistency").figure("corrupt").getAsLong());
        assertEquals(0, figure(r, "rpoCount"));
    }

    /** Negative control: without a replica the checker must report the loss. */
    @Test
    void withoutAReplicaTheCheckerReportsDanglingReferences() {
        ScenarioRecord r = ScenarioTests.run(runs, ObjectLoss.withoutReplica());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals("invalid", r.verdict);
        // The attacker lists, then strikes: an object a client had uploaded but whose row it had not
        // committed yet is hit without a row pointing at it, or its row commits after the strike. At
        // most one such write per workload client, so each figure is within that many of what was hit.
        int inFlight = Workload.Profile.DEFAULT.clients();
        long dangling = check(r, "consistency").figure("dangling").getAsLong();
        long corrupt = check(r, "consistency").figure("corrupt").getAsLong();
        assertTrue(Math.abs(figure(r, "objectsDeleted") - dangling) <= inFlight,
                () -> "dangling " + dangling + " against " + figure(r, "objectsDeleted") + " deleted");
        assertTrue(Math.abs(figure(r, "objectsOverwritten") - corrupt) <= inFlight,
                () -> "corrupt " + corrupt + " against " + figure(r, "objectsOverwritten") + " overwritten");
        assertTrue(check(r, "consistency").figure("dangling").getAsLong() > 0);
        assertEquals("invalid", check(r, "targets").validity().json(), "maxDangling 0 missed");
    }
}
