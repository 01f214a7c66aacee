package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MassDeleteTest {
    @TempDir
    Path runs;

    @Test
    void pitrToJustBeforeTheDeleteBringsBackEveryRowAndStatesWhatWasGivenUp() {
        ScenarioRecord r = ScenarioTests.run(runs, new MassDelete());
        ScenarioTests.assertRecovered(r, "detect", "fence", "verify", "switchover");
        assertEquals(0, figure(r, "rpoCount"));
        assertTrue(figure(r, "rowsDeleted") > 0, "the delete hit rows");
        assertEquals(figure(r, "givenUp"), ScenarioTests.check(r, "rpo").figure("givenUp").getAsLong(), "the price of the PITR is in the measurements");
        assertEquals(0, ScenarioTests.check(r, "rpo").figure("reappeared").getAsLong());
    }
}
