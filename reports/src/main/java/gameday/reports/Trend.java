package gameday.reports;

import gameday.harness.GameDayException;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * RTO and RPO of each scenario across runs: the earlier runs found in a history directory
 * (run directories with a {@code journal.json}, started before this run), then this run.
 * Journals that cannot be read are skipped and named, never fatal.
 */
public final class Trend {
    /** One scenario in one run; null figures were not measured (the run failed before them). */
    public record Point(String runId, Instant started, String verdict, Long rtoMs, Long rpoTimeMs, Long rpoCount, boolean current) {}

    private final Path dir;
    private final int earlierRuns;
    private final List<String> unreadable;
    private final Map<String, List<Point>> byScenario;

    private Trend(Path dir, int earlierRuns, List<String> unreadable, Map<String, List<Point>> byScenario) {
        this.dir = dir;
        this.earlierRuns = earlierRuns;
        this.unreadable = unreadable;
        this.byScenario = byScenario;
    }

    /** Reads the earlier runs under {@code historyDir} (null or missing: none). */
    public static Trend load(Path historyDir, Journal current) {
        List<Journal> earlier = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        if (historyDir != null && Files.isDirectory(historyDir)) {
            List<Path> dirs;
            try (Stream<Path> s = Files.list(historyDir)) {
                dirs = s.filter(d -> Files.isRegularFile(d.resolve(Journal.FILE))).sorted().toList();
            } catch (IOException e) {
                throw new GameDayException("cannot list the history directory " + historyDir + ": " + e.getMessage());
            }
            for (Path d : dirs) {
                if (d.getFileName().toString().equals(current.runId)) continue;
                try {
                    earlier.add(Journal.read(d));
                } catch (GameDayException e) {
                    unreadable.add(d.getFileName().toString());
                }
            }
        }
        return of(historyDir, earlier, unreadable, current);
    }

    /** From journals already read; those not started before {@code current} are ignored. */
    public static Trend of(Path historyDir, List<Journal> earlier, List<String> unreadable, Journal current) {
        List<Journal> runs = new ArrayList<>();
        for (Journal j : earlier) {
            if (j == current || (j.runId != null && j.runId.equals(current.runId))) continue;
            if (current.started != null && j.started != null && !j.started.isBefore(current.started)) continue;
            runs.add(j);
        }
        runs.sort(Comparator.comparing((Journal j) -> j.started == null ? Instant.EPOCH : j.started).thenComparing(j -> String.valueOf(j.runId)));
        Map<String, List<Point>> by = new LinkedHashMap<>();
        for (ScenarioRecord s : current.scenarios) by.put(s.name, new ArrayList<>());
        for (Journal j : runs) add(by, j, false);
        add(by, current, true);
        return new Trend(historyDir, runs.size(), List.copyOf(unreadable), by);
    }

    private static void add(Map<String, List<Point>> by, Journal j, boolean current) {
        for (ScenarioRecord s : j.scenarios) {
            List<Point> pts = by.get(s.name);
            if (pts == null) continue; // only the scenarios of this run are trended
            pts.add(new Point(j.runId, s.started != null ? s.started : j.started, Fmt.verdict(s),
                    Fmt.num(s.measurements, "rtoMs"), Fmt.num(s.measurements, "rpoTimeMs"), Fmt.num(s.measurements, "rpoCount"), current));
        }
    }

    public Path dir() {
        return dir;
    }

    public int earlierRuns() {
        return earlierRuns;
    }

    public List<String> unreadable() {
        return unreadable;
    }

    /** Oldest first; the last point is this run. */
    public List<Point> points(String scenario) {
        return byScenario.getOrDefault(scenario, List.of());
    }
}
