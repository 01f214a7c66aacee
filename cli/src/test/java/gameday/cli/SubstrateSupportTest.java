package gameday.cli;

import static gameday.cli.BadInputTest.assertOneLineError;
import static gameday.cli.BadInputTest.gameday;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scenario a substrate cannot run is refused from the substrate's name, before anything is built. */
class SubstrateSupportTest {
    @TempDir
    Path dir;

    @Test
    void anUnsupportedPairExitsTwoWithOneLineAndBuildsNothing() {
        Path runs = dir.resolve("runs");
        BadInputTest.Result r = gameday("run", "data-corruption", "--substrate", "k3s", "--runs-dir", runs.toString());
        assertOneLineError(r, "scenario data-corruption cannot run on --substrate k3s: it needs fault corrupt-page");
        assertTrue(Files.notExists(runs), "no runs directory, so no run directory and no environment");
        // needs, not faults: a capability the Kubernetes environments lack
        assertOneLineError(gameday("run", "primary-failover", "--substrate", "kubernetes", "--runs-dir", runs.toString()),
                "it needs streaming-standby, which kubernetes does not support");
        assertTrue(Files.notExists(runs));
    }

    @Test
    void listMarksWhatASubstrateCannotRun() {
        BadInputTest.Result k3s = gameday("list", "--substrate", "k3s");
        assertEquals(0, k3s.code(), k3s.err());
        assertTrue(k3s.out().lines().anyMatch(l -> l.contains("not on k3s: needs fault corrupt-page")), k3s.out());
        assertTrue(k3s.out().lines().noneMatch(l -> l.contains("not on k3s") && l.contains("drop-table")), k3s.out());
        // region-loss runs there now: the DR region is a second namespace; its line is followed by no "not on k3s"
        java.util.List<String> lines = k3s.out().lines().toList();
        int regionLoss = java.util.stream.IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("region-loss ")).findFirst().orElseThrow();
        assertTrue(lines.subList(regionLoss + 1, regionLoss + 3).stream().noneMatch(l -> l.contains("not on k3s")), k3s.out());
        BadInputTest.Result local = gameday("list");
        assertEquals(0, local.code(), local.err());
        assertTrue(local.out().lines().findFirst().orElseThrow().matches("(\\d+) of \\1 scenarios run on local"), local.out());
        assertTrue(local.out().lines().noneMatch(l -> l.contains("not on local")), local.out());
        assertOneLineError(gameday("list", "--substrate", "mainframe"), "unknown substrate 'mainframe'");
    }
}
