package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadMigrationTest {
    @TempDir
    Path runs;

    @Test
    void pitrToJustBeforeTheMigrationRestoresColumnAndValues() {
        ScenarioRecord r = ScenarioTests.run(runs, new BadMigration());
        ScenarioTests.assertRecovered(r, "detect", "fence", "verify", "switchover");
        assertEquals(0, figure(r, "rpoCount"));
        assertTrue(figure(r, "rowsRewritten") > 0, "the migration rewrote rows");
        assertTrue(figure(r, "givenUp") >= 0, "the price of the PITR is stated");
        var consistency = ScenarioTests.check(r, "consistency");
        // sizes and checksums agree with the bytes again: the rewritten values are gone
        assertEquals(0, consistency.figure("corrupt").getAsLong());
        assertTrue(consistency.figure("rows").getAsLong() > 0, "rows checked against their bytes");
    }
}
