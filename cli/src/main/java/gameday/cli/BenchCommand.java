package gameday.cli;

import gameday.harness.EnvironmentSpec;
import gameday.harness.bench.Bench;
import gameday.harness.bench.BenchOptions;
import gameday.harness.bench.Recorder;
import gameday.scenarios.Catalogue;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure provisioning, backup, restore, WAL replay, the checker and the history against their physical references, "
        + "and on request the whole catalogue serial and in parallel; writes JSON and a table.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--repeats", defaultValue = "3", description = "Samples per figure (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--size-mb", defaultValue = "128", description = "Database size for backup and restore (default: ${DEFAULT-VALUE}).")
    int sizeMb;

    @Option(names = "--wal-segments", defaultValue = "48", description = "WAL segments (16 MB) archived after the base backup and replayed (default: ${DEFAULT-VALUE}).")
    int walSegments;

    @Option(names = "--wal-max-parallel", defaultValue = "" + EnvironmentSpec.DEFAULT_WAL_MAX_PARALLEL,
            description = "WAL fetchers in prefetch mode (default: ${DEFAULT-VALUE}).")
    int walMaxParallel;

    @Option(names = "--checker-objects", defaultValue = "1000000", description = "Rows and objects in the in-memory merge (default: ${DEFAULT-VALUE}).")
    int checkerObjects;

    @Option(names = "--bucket-objects", defaultValue = "50000", description = "Objects in the real bucket of the end-to-end check (default: ${DEFAULT-VALUE}).")
    int bucketObjects;

    @Option(names = "--workload-seconds", defaultValue = "5", description = "Duration of each workload sample (default: ${DEFAULT-VALUE}).")
    int workloadSeconds;

    @Option(names = "--only", split = ",", description = "Sections to run: provision, recovery, checker, history, backup (default: these five); "
            + "only when named: catalogue (the whole catalogue serial and with --parallel 2, once per repeat; minutes) and drill "
            + "(a drill beside the bare runbook on the same backup).")
    List<String> only;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", description = "catalogue section: these scenarios instead of the whole catalogue.")
    List<String> scenarios;

    @Option(names = "--out", description = "JSON output file (default: runs/bench-<time>.json in the current directory).")
    Path out;

    @Option(names = "--work-dir", defaultValue = "runs/bench-work", description = "Scratch directory, removed afterwards (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Set<String> sections = only == null ? BenchOptions.ALL : new LinkedHashSet<>(only);
        for (String s : sections)
            if (!BenchOptions.KNOWN.contains(s)) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "unknown section '" + s + "'");
        BenchOptions o = new BenchOptions(workDir, repeats, sizeMb, walSegments, walMaxParallel, checkerObjects, bucketObjects,
                workloadSeconds, sections);
        Path file = out != null ? out : Path.of("runs", "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".json").toAbsolutePath();
        if (scenarios != null) scenarios.forEach(Catalogue::byName); // an unknown name fails now, not after the other sections
        var doc = new Bench(o, m -> System.err.println("bench: " + m),
                () -> scenarios == null ? Catalogue.all() : scenarios.stream().map(Catalogue::byName).toList()).run(file);
        @SuppressWarnings("unchecked")
        List<Recorder.Figure> figures = (List<Recorder.Figure>) doc.get("figures");
        System.out.print(Bench.table(figures));
        System.out.println("json: " + file);
        return Main.OK;
    }
}
