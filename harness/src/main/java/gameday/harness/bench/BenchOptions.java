package gameday.harness.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code gameday bench} measures and at which sizes. Defaults finish in a few minutes on
 * 2 cores; docs/benchmarks.md lists the sizes behind each published figure.
 *
 * @param sections any of {@link #KNOWN}: provision, recovery, checker, history, backup (the default), and, only when
 *                 named, catalogue (the whole catalogue serial and with --parallel 2: minutes) and drill (a team-style
 *                 archive restored beside the bare runbook)
 */
public record BenchOptions(Path workDir, int repeats, int sizeMb, int walSegments, int walMaxParallel, int checkerObjects,
                           int bucketObjects, int workloadSeconds, Set<String> sections) {
    /** What runs without --only. */
    public static final Set<String> ALL = Set.of("provision", "recovery", "checker", "history", "backup");
    public static final Set<String> KNOWN = Set.of("provision", "recovery", "checker", "history", "backup", "catalogue", "drill");

    public boolean runs(String section) {
        return sections.contains(section);
    }
}
