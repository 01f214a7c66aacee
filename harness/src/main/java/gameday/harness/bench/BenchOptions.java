package gameday.harness.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code gameday bench} measures and at which sizes. Defaults finish in a few minutes on
 * 2 cores; docs/benchmarks.md lists the sizes behind each published figure.
 *
 * @param sections any of provision, recovery, checker, history (the default), and drill
 */
public record BenchOptions(Path workDir, int repeats, int sizeMb, int walSegments, int walMaxParallel, int checkerObjects,
                           int bucketObjects, int workloadSeconds, Set<String> sections) {
    public static final Set<String> ALL = Set.of("provision", "recovery", "checker", "history");
    /** Sections run only when named with --only: drill restores a team-style archive beside the bare runbook. */
    public static final Set<String> KNOWN = Set.of("provision", "recovery", "checker", "history", "drill");

    public boolean runs(String section) {
        return sections.contains(section);
    }
}
