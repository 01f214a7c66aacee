package gameday.harness;

import java.time.Duration;

/**
 * What a scenario needs built. Defaults match a CloudNativePG cluster scaled to a laptop.
 *
 * @param drRegion    whether a second "region" is built: its own buckets, which a {@link Replicator}
 *                    fills from the primary's, and (on request) a warm standby fed from them
 * @param replication whether the primary gets a streaming standby (CNPG {@code instances: 2}),
 *                    and whether commits wait for it ({@code synchronous_standby_names})
 */
public record EnvironmentSpec(Duration archiveTimeout, boolean drRegion, Replication replication) {
    public enum Replication { NONE, ASYNC, SYNC }

    public static final EnvironmentSpec DEFAULT = new EnvironmentSpec(Duration.ofSeconds(60), false, Replication.NONE);

    public EnvironmentSpec(Duration archiveTimeout) {
        this(archiveTimeout, false, Replication.NONE);
    }

    public EnvironmentSpec withArchiveTimeout(Duration d) {
        return new EnvironmentSpec(d, drRegion, replication);
    }

    public EnvironmentSpec withDrRegion() {
        return new EnvironmentSpec(archiveTimeout, true, replication);
    }

    public EnvironmentSpec withReplication(Replication r) {
        return new EnvironmentSpec(archiveTimeout, drRegion, r);
    }
}
