package gameday.reports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import gameday.harness.GameDayException;
import gameday.harness.journal.Json;
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
 * Journals that cannot be read, or are of another schema version, are skipped and named.
 * Earlier journals are streamed for the few fields a trend needs, not read whole.
 */
public final class Trend {
    /** One scenario in one run; null figures were not measured (the run failed before them). */
    public record Point(String runId, Instant started, String verdict, Long rtoMs, Long rpoTimeMs, Long rpoCount, boolean current) {}

    /** What a trend needs of one run. */
    private record Run(String runId, Instant started, List<Point> scenarios, List<String> names) {}

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
        List<Run> earlier = new ArrayList<>();
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
                Run r = read(d.resolve(Journal.FILE));
                if (r == null) unreadable.add(d.getFileName().toString());
                else earlier.add(r);
            }
        }
        return build(historyDir, earlier, unreadable, current);
    }

    /** From journals already read; those not started before {@code current} are ignored. */
    public static Trend of(Path historyDir, List<Journal> earlier, List<String> unreadable, Journal current) {
        List<Run> runs = new ArrayList<>();
        for (Journal j : earlier) if (j != current) runs.add(summary(j, false));
        return build(historyDir, runs, unreadable, current);
    }

    private static Trend build(Path historyDir, List<Run> earlier, List<String> unreadable, Journal current) {
        List<Run> runs = new ArrayList<>();
        for (Run r : earlier) {
            if (r.runId() != null && r.runId().equals(current.runId)) continue;
            if (current.started != null && r.started() != null && !r.started().isBefore(current.started)) continue;
            runs.add(r);
        }
        runs.sort(Comparator.comparing((Run r) -> r.started() == null ? Instant.EPOCH : r.started()).thenComparing(r -> String.valueOf(r.runId())));
        Map<String, List<Point>> by = new LinkedHashMap<>();
        for (ScenarioRecord s : current.scenarios) by.put(s.name, new ArrayList<>());
        runs.add(summary(current, true));
        for (Run r : runs) {
            for (int i = 0; i < r.scenarios().size(); i++) {
                List<Point> pts = by.get(r.names().get(i));
                if (pts != null) pts.add(r.scenarios().get(i)); // only the scenarios of this run are trended
            }
        }
        return new Trend(historyDir, runs.size() - 1, List.copyOf(unreadable), by);
    }

    private static Run summary(Journal j, boolean current) {
        List<Point> pts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (ScenarioRecord s : j.scenarios) {
            names.add(s.name);
            pts.add(new Point(j.runId, s.started != null ? s.started : j.started, ReportFormat.verdict(s),
                    ReportFormat.num(s.measurements, "rtoMs"), ReportFormat.num(s.measurements, "rpoTimeMs"), ReportFormat.num(s.measurements, "rpoCount"), current));
        }
        return new Run(j.runId, j.started, pts, names);
    }

    /** The trend's fields of a journal, streamed; null when it is unreadable or not schema version 1. */
    static Run read(Path file) {
        int version = -1;
        String runId = null;
        Instant started = null;
        List<String[]> scenarios = new ArrayList<>(); // name, started, verdict
        List<Long[]> figures = new ArrayList<>(); // rtoMs, rpoTimeMs, rpoCount
        try (JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "schemaVersion" -> version = t == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "runId" -> runId = p.getValueAsString();
                    case "started" -> started = instant(p.getValueAsString());
                    case "scenarios" -> {
                        if (t != JsonToken.START_ARRAY) return null;
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            String[] s = new String[3];
                            Long[] f = new Long[3];
                            while (p.nextToken() == JsonToken.FIELD_NAME) {
                                String sf = p.currentName();
                                JsonToken st = p.nextToken();
                                switch (sf) {
                                    case "name" -> s[0] = p.getValueAsString();
                                    case "started" -> s[1] = p.getValueAsString();
                                    case "verdict" -> s[2] = p.getValueAsString();
                                    case "measurements" -> {
                                        if (st != JsonToken.START_OBJECT) {
                                            p.skipChildren();
                                            break;
                                        }
                                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                                            String mf = p.currentName();
                                            JsonToken mt = p.nextToken();
                                            int k = switch (mf) {
                                                case "rtoMs" -> 0;
                                                case "rpoTimeMs" -> 1;
                                                case "rpoCount" -> 2;
                                                default -> -1;
                                            };
                                            if (k >= 0 && mt.isNumeric()) f[k] = p.getValueAsLong();
                                            else p.skipChildren();
                                        }
                                    }
                                    default -> p.skipChildren();
                                }
                            }
                            scenarios.add(s);
                            figures.add(f);
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (version != Journal.SCHEMA_VERSION) return null;
        List<Point> pts = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            String[] s = scenarios.get(i);
            Long[] f = figures.get(i);
            Instant at = instant(s[1]);
            names.add(s[0]);
            pts.add(new Point(runId, at != null ? at : started, s[2] != null ? s[2] : "unknown", f[0], f[1], f[2], false));
        }
        return new Run(runId, started, pts, names);
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
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
