package gameday.harness;

import java.time.Duration;

/**
 * What a scenario needs built. Defaults match a CloudNativePG cluster scaled to a laptop.
 *
 * @param replication whether the primary gets a streaming standby (CNPG {@code instances: 2}),
 *                    and whether commits wait for it ({@code synchronous_standby_names})
 */
public record EnvironmentSpec(Duration archiveTimeout, Replication replication) {
    public enum Replication { NONE, ASYNC, SYNC }

    public static final EnvironmentSpec DEFAULT = new EnvironmentSpec(Duration.ofSeconds(60), Replication.NONE);

    public EnvironmentSpec(Duration archiveTimeout) {
        this(archiveTimeout, Replication.NONE);
    }

    public EnvironmentSpec withArchiveTimeout(Duration d) {
        return new EnvironmentSpec(d, replication);
    }

    public EnvironmentSpec withReplication(Replication r) {
        return new EnvironmentSpec(archiveTimeout, r);
    }
}
