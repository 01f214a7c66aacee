package gameday.harness;

import java.util.Locale;

/**
 * Something an environment must have for a scenario to run, beyond a primary archiving to an
 * object store. A {@link Substrate} declares what its environments have; a scenario what it needs.
 */
public enum Capability {
    /** {@link Environment#standby()}: a streaming standby of the primary ({@link EnvironmentSpec#replication()}). */
    STREAMING_STANDBY("a streaming standby of the primary"),
    /** Commits wait for the standby ({@link EnvironmentSpec.Replication#SYNC}). */
    SYNC_REPLICATION("synchronous replication to the standby"),
    /** {@link Environment#drRegion()}: buckets of a second region, replicated from the primary's. */
    DR_REGION("a DR region with buckets replicated from the primary region's"),
    /** {@link DrRegion#standby}: a warm standby in the DR region, fed from the replicated archive. */
    DR_STANDBY("a warm standby in the DR region fed from the replicated archive"),
    /** {@link Recovery#restoreObjects}: objects copied back from a replica bucket. */
    OBJECT_RESTORE("restoring objects from a replica bucket");

    private final String description;

    Capability(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** What {@code spec} asks a substrate to build: a scenario needs at least these. */
    public static java.util.Set<Capability> of(EnvironmentSpec spec) {
        java.util.Set<Capability> c = java.util.EnumSet.noneOf(Capability.class);
        if (spec.drRegion()) c.add(DR_REGION);
        if (spec.replication() != EnvironmentSpec.Replication.NONE) c.add(STREAMING_STANDBY);
        if (spec.replication() == EnvironmentSpec.Replication.SYNC) c.add(SYNC_REPLICATION);
        return c;
    }
}
