package gameday.harness;

import java.nio.file.Path;

/** Where environments are built: {@code local} (default), {@code k3s}, {@code kubernetes}. */
public interface Substrate {
    String name();

    /**
     * Builds a fresh environment under {@code dir}; {@code runId} is written as the ownership
     * marker that destructive faults check.
     */
    Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress);
}
