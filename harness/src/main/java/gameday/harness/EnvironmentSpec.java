package gameday.harness;

import java.time.Duration;

/**
 * What a scenario needs built. Defaults match a CloudNativePG cluster scaled to a laptop.
 *
 * @param drRegion whether a second "region" is built: its own buckets, which a {@link Replicator}
 *                 fills from the primary's, and (on request) a warm standby fed from them
 */
public record EnvironmentSpec(Duration archiveTimeout, boolean drRegion) {
    public static final EnvironmentSpec DEFAULT = new EnvironmentSpec(Duration.ofSeconds(60), false);

    public EnvironmentSpec(Duration archiveTimeout) {
        this(archiveTimeout, false);
    }

    public EnvironmentSpec withArchiveTimeout(Duration d) {
        return new EnvironmentSpec(d, drRegion);
    }

    public EnvironmentSpec withDrRegion() {
        return new EnvironmentSpec(archiveTimeout, true);
    }
}
