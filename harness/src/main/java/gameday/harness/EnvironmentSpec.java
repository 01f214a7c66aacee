package gameday.harness;

import java.time.Duration;
import java.util.Locale;

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
 * @param backupJobs      barman-cloud-backup {@code --jobs}: parallel upload processes, as CNPG's {@code data.jobs}
 * @param backupCompression barman-cloud-backup's compression of the base backup, as CNPG's {@code data.compression}
 * @param goldenSteadyState local substrate: start from a copy of the steady state built once per JVM
 *                        (schema, base backup, archived WAL) instead of taking a base backup per environment
 */
public record EnvironmentSpec(Duration archiveTimeout, boolean drRegion, Replication replication, int walMaxParallel, boolean clusterTemplate,
                              int backupJobs, Compression backupCompression, boolean goldenSteadyState) {
    public enum Replication { NONE, ASYNC, SYNC }

    /** What barman-cloud-backup compresses the base backup with; CNPG's {@code data.compression} (none = its default). */
    public enum Compression {
        NONE(null), GZIP("--gzip"), BZIP2("--bzip2");

        /** The barman-cloud-backup flag, or null for none. */
        public final String flag;

        Compression(String flag) {
            this.flag = flag;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Measured in docs/benchmarks.md: 8 fetchers beat sequential fetch several times over on 2 cores. */
    public static final int DEFAULT_WAL_MAX_PARALLEL = 8;
    /** Chosen from the backup section of docs/benchmarks.md (jobs 1, 2, 4 on 2 cores). */
    public static final int DEFAULT_BACKUP_JOBS = 2;
    /** Chosen from the backup section of docs/benchmarks.md (none against gzip on 2 cores). */
    public static final Compression DEFAULT_BACKUP_COMPRESSION = Compression.NONE;
    public static final EnvironmentSpec DEFAULT = new EnvironmentSpec(Duration.ofSeconds(60));

    public EnvironmentSpec {
        if (walMaxParallel < 1) throw new IllegalArgumentException("walMaxParallel must be >= 1, was " + walMaxParallel);
        if (backupJobs < 1) throw new IllegalArgumentException("backupJobs must be >= 1, was " + backupJobs);
        if (backupCompression == null) throw new IllegalArgumentException("backupCompression must be given (NONE for none)");
    }

    public EnvironmentSpec(Duration archiveTimeout) {
        this(archiveTimeout, false, Replication.NONE, DEFAULT_WAL_MAX_PARALLEL, true, DEFAULT_BACKUP_JOBS, DEFAULT_BACKUP_COMPRESSION, true);
    }

    public EnvironmentSpec withArchiveTimeout(Duration d) {
        return new EnvironmentSpec(d, drRegion, replication, walMaxParallel, clusterTemplate, backupJobs, backupCompression, goldenSteadyState);
    }

    public EnvironmentSpec withDrRegion() {
        return new EnvironmentSpec(archiveTimeout, true, replication, walMaxParallel, clusterTemplate, backupJobs, backupCompression, goldenSteadyState);
    }

    public EnvironmentSpec withReplication(Replication r) {
        return new EnvironmentSpec(archiveTimeout, drRegion, r, walMaxParallel, clusterTemplate, backupJobs, backupCompression, goldenSteadyState);
    }

    public EnvironmentSpec withWalMaxParallel(int n) {
        return new EnvironmentSpec(archiveTimeout, drRegion, replication, n, clusterTemplate, backupJobs, backupCompression, goldenSteadyState);
    }

    public EnvironmentSpec withClusterTemplate(boolean on) {
        return new EnvironmentSpec(archiveTimeout, drRegion, replication, walMaxParallel, on, backupJobs, backupCompression, goldenSteadyState);
    }

    public EnvironmentSpec withBackup(int jobs, Compression compression) {
        return new EnvironmentSpec(archiveTimeout, drRegion, replication, walMaxParallel, clusterTemplate, jobs, compression, goldenSteadyState);
    }

    public EnvironmentSpec withGoldenSteadyState(boolean on) {
        return new EnvironmentSpec(archiveTimeout, drRegion, replication, walMaxParallel, clusterTemplate, backupJobs, backupCompression, on);
    }
}
