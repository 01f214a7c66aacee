package gameday.harness.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code gameday bench} measures and at which sizes. Defaults finish in a few minutes on
 * 2 cores; docs/benchmarks.md lists the sizes behind each published figure.
 *
 * @param sections any of {@link #KNOWN}: provision, recovery, checker, history, backup, and catalogue (the whole
 *                 catalogue serial and with --parallel 2: minutes, so only when asked for)
 */
public record BenchOptions(Path workDir, int repeats, int sizeMb, int walSegments, int walMaxParallel, int checkerObjects,
                           int bucketObjects, int workloadSeconds, Set<String> sections) {
    /** What runs without --only. */
    public static final Set<String> ALL = Set.of("provision", "recovery", "checker", "history", "backup");
    public static final Set<String> KNOWN = Set.of("provision", "recovery", "checker", "history", "backup", "catalogue");

    public boolean runs(String section) {
        return sections.contains(section);
    }
}
