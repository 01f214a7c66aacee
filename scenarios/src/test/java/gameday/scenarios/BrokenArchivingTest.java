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

class BrokenArchivingTest {
    @TempDir
    Path runs;

    @Test
    void healthFlagsTheSilentFailureAndTheLossShowsItsRpo() {
        ScenarioRecord r = ScenarioTests.run(runs, new BrokenArchiving());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals(Boolean.TRUE, r.measurements.get("healthArchiverFailing"), "pg_stat_archiver shows the failures");
        assertTrue(!((List<?>) r.measurements.get("healthProblems")).isEmpty());
        assertTrue(figure(r, "healthFlaggedAfterMs") > 0);
        // the silence costs every write since archiving broke: the design's "RPO seconds" is broken
        assertEquals("invalid", r.verdict);
        assertTrue(figure(r, "rpoCount") > 0);
        assertTrue(figure(r, "rpoTimeMs") >= figure(r, "archivingBrokenForMs") - BrokenArchiving.ARCHIVE_TIMEOUT.toMillis(),
                "nothing after the last archived segment survived");
        assertEquals("invalid", check(r, "targets").validity().json());
        assertEquals(0, check(r, "consistency").figure("dangling").getAsLong());
    }
}
