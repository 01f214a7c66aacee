package gameday.harness;

import java.time.Duration;

/**
 * What a scenario needs built. Defaults match a CloudNativePG cluster scaled to a laptop.
 *
 * @param drRegion        whether a second "region" is built: its own buckets, which a {@link Replicator}
 *                        fills from the primary's, and (on request) a warm standby fed from them
 * @param replication     whether the primary gets a streaming standby (CNPG {@code instances: 2}),
 *                        and whether commits wait for it ({@code synchronous_standby_names})
 * @param walMaxParallel  WAL segments fetched in parallel ahead of replay during recovery, as
 *                        CNPG's {@code wal.maxParallel}; 1 = one barman-cloud-wal-restore per segment
 * @param clusterTemplate local substrate: clone a cached initdb instead of running initdb
 */
public record EnvironmentSpec(Duration archiveTimeout, boolean drRegion, Replication replication, int walMaxParallel, boolean clusterTemplate) {
    public enum Replication { NONE, ASYNC, SYNC }

    /** Measured in docs/benchmarks.md: 8 fetchers beat sequential fetch several times over on 2 cores. */
    public static final int DEFAULT_WAL_MAX_PARALLEL = 8;
    public static final EnvironmentSpec DEFAULT = new EnvironmentSpec(Duration.ofSeconds(60));

    public EnvironmentSpec(Duration archiveTimeout) {
        this(archiveTimeout, false, Replication.NONE, DEFAULT_WAL_MAX_PARALLEL, true);
    }

    public EnvironmentSpec withArchiveTimeout(Duration d) {
        return new EnvironmentSpec(d, drRegion, replication, walMaxParallel, clusterTemplate);
    }

    public EnvironmentSpec withDrRegion() {
        return new EnvironmentSpec(archiveTimeout, true, replication, walMaxParallel, clusterTemplate);
    }

    public EnvironmentSpec withReplication(Replication r) {
        return new EnvironmentSpec(archiveTimeout, drRegion, r, walMaxParallel, clusterTemplate);
    }

    public EnvironmentSpec withWalMaxParallel(int n) {
        if (n < 1) throw new IllegalArgumentException("walMaxParallel must be >= 1, was " + n);
        return new EnvironmentSpec(archiveTimeout, drRegion, replication, n, clusterTemplate);
    }

    public EnvironmentSpec withClusterTemplate(boolean on) {
        return new EnvironmentSpec(archiveTimeout, drRegion, replication, walMaxParallel, on);
    }
}
