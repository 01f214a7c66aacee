package gameday.harness.bench;

import gameday.harness.journal.Json;
import gameday.harness.run.Reaper;
import gameday.harness.local.PgBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import gameday.harness.Scenario;

/**
 * {@code gameday bench}: every figure repeated, reported as median and spread, beside the
 * physical reference measured in the same run. The machine is shared with other work, so the
 * load average before and after goes into the JSON too.
 */
public final class Bench {
    private final BenchOptions o;
    private final Consumer<String> log;
    private final Supplier<List<Scenario>> catalogue;

    public Bench(BenchOptions o, Consumer<String> log) {
        this(o, log, List::of);
    }

    /** @param catalogue the scenarios the catalogue section runs (the harness does not know the catalogue) */
    public Bench(BenchOptions o, Consumer<String> log, Supplier<List<Scenario>> catalogue) {
        this.o = o;
        this.log = log;
        this.catalogue = catalogue;
    }

    /** Runs the chosen sections and returns the JSON document (also written to {@code out}). */
    public Map<String, Object> run(Path out) throws Exception {
        Recorder rec = new Recorder();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("started", Instant.now().toString());
        doc.put("machine", machine());
        doc.put("sizes", o);
        String before = loadAverage();
        Files.createDirectories(o.workDir());
        try {
            if (o.runs("provision")) new ProvisionBench(o, rec, log).run();
            if (o.runs("checker")) new CheckerBench(o, rec, log).run();
            if (o.runs("history")) new HistoryBench(o, rec, log).run();
            if (o.runs("recovery")) new RecoveryBench(o, rec, log).run();
            if (o.runs("backup")) new BackupBench(o, rec, log).run();
            if (o.runs("catalogue")) new CatalogueBench(o, rec, log, catalogue).run();
            if (o.runs("drill")) new DrillBench(o, rec, log).run();
        } finally {
            Reaper.deleteTree(o.workDir());
        }
        doc.put("loadAverage", Map.of("before", before, "after", loadAverage()));
        doc.put("figures", rec.figures());
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), doc);
        return doc;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryGiB", memGiB());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("java", System.getProperty("java.version"));
        m.put("postgres", PgBinaries.locate().bindir().toString());
        return m;
    }

    private static long memGiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo")))
                if (l.startsWith("MemTotal:")) return Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private static String loadAverage() {
        return gameday.harness.run.HostLoad.now();
    }

    /** The short table: figure, median, min-max, n, and what it is compared with. */
    public static String table(List<Recorder.Figure> figures) {
        StringBuilder b = new StringBuilder(String.format("%-42s %12s %25s %3s  %s%n", "figure", "median", "min .. max", "n", "beside"));
        for (Recorder.Figure f : figures) {
            b.append(String.format("%-42s %12s %25s %3d  %s%n", f.name(), num(f.value().median()) + " " + f.unit(),
                    num(f.value().min()) + " .. " + num(f.value().max()), f.value().samples().size(), String.join(", ", f.references())));
        }
        return b.toString();
    }

    private static String num(double v) {
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
