package gameday.harness;

import java.time.Duration;

/** What a scenario needs built. Defaults match a CloudNativePG cluster scaled to a laptop. */
public record EnvironmentSpec(Duration archiveTimeout) {
    public static final EnvironmentSpec DEFAULT = new EnvironmentSpec(Duration.ofSeconds(60));

    public EnvironmentSpec withArchiveTimeout(Duration d) {
        return new EnvironmentSpec(d);
    }
}
