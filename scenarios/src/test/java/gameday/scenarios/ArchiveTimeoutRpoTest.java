package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.check;
import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveTimeoutRpoTest {
    @TempDir
    Path runs;

    @Test
    void rpoOfATotalLossIsBoundedByArchiveTimeoutNotByInFlightTransactions() {
        ScenarioRecord r = ScenarioTests.run(runs, new ArchiveTimeoutRpo());
        assertEquals("completed", r.status, () -> "error: " + r.error);
        long timeout = ArchiveTimeoutRpo.ARCHIVE_TIMEOUT.toMillis();
        assertTrue(figure(r, "rpoCount") > 0, "acknowledged writes were lost");
        assertTrue(figure(r, "rpoTimeMs") > timeout / 2, "the loss reaches back to the last forced switch");
        // the bound: one archive_timeout plus the time the archiver takes for the last segment
        assertTrue(figure(r, "rpoTimeMs") < 2 * timeout, () -> "RPO " + figure(r, "rpoTimeMs") + " ms");
        assertEquals("invalid", r.verdict, "'RPO effectively seconds' does not hold for a total loss");
        assertEquals(0, check(r, "consistency").figure("dangling").getAsLong());
    }
}
