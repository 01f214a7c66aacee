package gameday.harness.bench;

import java.nio.file.Path;
import java.util.Set;

/**
 * What {@code gameday bench} measures and at which sizes. Defaults finish in a few minutes on
 * 2 cores; docs/benchmarks.md lists the sizes behind each published figure.
 *
 * @param sections any of provision, recovery, checker, history
 */
public record BenchOptions(Path workDir, int repeats, int sizeMb, int walSegments, int walMaxParallel, int checkerObjects,
                           int bucketObjects, int workloadSeconds, Set<String> sections) {
    public static final Set<String> ALL = Set.of("provision", "recovery", "checker", "history");

    public boolean runs(String section) {
        return sections.contains(section);
    }
}
