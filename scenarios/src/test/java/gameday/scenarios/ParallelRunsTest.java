package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import gameday.harness.journal.ScenarioRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two game days started at once on one machine must not collide on ports, directories or buckets. */
class ParallelRunsTest {
    @TempDir
    Path runs;

    @Test
    void twoGameDaysAtOnceBothPass() throws Exception {
        CompletableFuture<ScenarioRecord> a = CompletableFuture.supplyAsync(() -> ScenarioTests.run(runs, new DropTable()));
        CompletableFuture<ScenarioRecord> b = CompletableFuture.supplyAsync(() -> ScenarioTests.run(runs, new DropTable()));
        for (ScenarioRecord r : List.of(a.get(), b.get())) {
            assertEquals("valid", r.verdict, () -> r.error + " " + r.checks);
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            List<Path> runDirs = dirs.toList();
            assertEquals(2, runDirs.size(), "one run directory each");
            assertNotEquals(runDirs.get(0).getFileName(), runDirs.get(1).getFileName());
        }
    }
}
