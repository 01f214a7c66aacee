package gameday.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench at toy sizes: the JSON carries every figure with its spread; no timing is asserted. */
class BenchTest {
    static final List<String> FIGURES = List.of(
            "provision.golden.seconds", "provision.template.seconds", "provision.initdb.seconds", "provision.cluster.template.seconds", "provision.cluster.initdb.seconds", "provision.firstSegmentArchived.seconds",
            "checker.merge.objectsPerSecond", "checker.endToEnd.objectsPerSecond", "checker.dbRead.objectsPerSecond",
            "checker.listing.objectsPerSecond",
            "workload.withHistory.opsPerSecond", "workload.historyInMemory.opsPerSecond", "history.alone.opsPerSecond",
            "database.bytes", "backup.MBps", "s3.put.MBps", "s3.get.MBps", "copy.datadir.MBps", "restore.base.MBps",
            "wal.sequential.segmentsPerSecond", "wal.sequential.MBps", "wal.prefetch.segmentsPerSecond", "wal.prefetch.MBps",
            "recovery.harness.sequential.seconds", "recovery.harness.prefetch.seconds", "recovery.bare.seconds",
            "backup.jobs1.none.MBps", "backup.jobs2.none.MBps", "backup.jobs4.none.MBps", "backup.jobs1.gzip.MBps", "backup.jobs2.gzip.MBps",
            "backup.jobs4.gzip.MBps", "backup.none.uploadedMB", "backup.gzip.uploadedMB");

    @TempDir
    Path dir;

    @Test
    void theJsonHasEveryFigureWithMedianAndSpreadAndTheWorkDirIsGone() throws Exception {
        BenchOptions o = new BenchOptions(dir.resolve("work"), 2, 4, 2, 4, 20_000, 500, 1, BenchOptions.ALL);
        Path out = dir.resolve("bench.json");
        new Bench(o, m -> { }).run(out);

        JsonNode doc = Json.MAPPER.readTree(out.toFile());
        assertEquals(Runtime.getRuntime().availableProcessors(), doc.path("machine").path("cores").asInt());
        assertEquals(4, doc.path("sizes").path("sizeMb").asInt());
        Set<String> names = new HashSet<>();
        for (JsonNode f : doc.path("figures")) {
            names.add(f.path("name").asText());
            JsonNode v = f.path("value");
            // a size is recorded once; every timed figure once per repeat
            int expected = f.path("name").asText().equals("database.bytes") ? 1 : 2;
            assertEquals(expected, v.path("samples").size(), f.path("name") + " samples");
            assertTrue(v.path("min").asDouble() <= v.path("median").asDouble() && v.path("median").asDouble() <= v.path("max").asDouble(),
                    f.path("name") + ": min <= median <= max");
            assertTrue(v.path("median").asDouble() > 0, f.path("name") + " measured");
        }
        assertTrue(names.containsAll(FIGURES), "missing: " + FIGURES.stream().filter(n -> !names.contains(n)).toList());
        assertTrue(Files.notExists(o.workDir()), "the scratch directory is removed");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        Stats s = Stats.of(List.of(4.0, 1.0, 3.0, 2.0));
        assertEquals(2.5, s.median());
        assertEquals(1.0, s.min());
        assertEquals(4.0, s.max());
    }
}
