package gameday.harness;

import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * An environment's nemesis: the one way a scenario injects a {@link Fault}. Every public method
 * passes the same guard first: the fault must be one the substrate supports, and its target a
 * cluster or bucket this run created (an ownership marker, a label). A substrate supplies the
 * ownership test and the faults that differ by substrate; it cannot skip the guard, because only
 * the protected steps are its to override.
 */
public abstract class FaultInjector {
    private final String substrate;
    private final Set<Fault> supported;
    private final ObjectStore store;
    private Phases journal = Phases.NONE;

    protected FaultInjector(String substrate, Set<Fault> supported, ObjectStore store) {
        this.substrate = substrate;
        this.supported = Set.copyOf(supported);
        this.store = store;
    }

    /** Where a fault records how it was done, when a substrate's way needs saying; the scenario run passes itself. */
    public FaultInjector recordingIn(Phases journal) {
        this.journal = journal;
        return this;
    }

    protected Phases journal() {
        return journal;
    }

    /** Hard kill (SIGKILL; on Kubernetes, the pod deleted with CNPG's quick deletion period). */
    public final void kill(DatabaseCluster cluster) {
        guard(Fault.KILL, cluster, "kill the server of");
        killServer(cluster);
    }

    /** Kills the server and deletes its data directory with its WAL: every local trace gone. */
    public final void destroy(DatabaseCluster cluster) {
        guard(Fault.DESTROY, cluster, "delete");
        destroyCluster(cluster);
    }

    /**
     * Makes archive_command fail from now on, as a revoked or rotated object-store credential does
     * (the setting is changed and reloaded; the server keeps running and says nothing).
     */
    public final void breakArchiving(DatabaseCluster cluster) {
        guard(Fault.BREAK_ARCHIVING, cluster, "break archiving of");
        breakArchivingOf(cluster);
    }

    /**
     * Overwrites bytes inside block {@code block} of {@code table}'s data file, as a failing disk
     * would, so that the next read of that block fails its checksum.
     */
    public final void corruptBlock(DatabaseCluster cluster, String table, long block) {
        guard(Fault.CORRUPT_PAGE, cluster, "corrupt");
        corruptBlockOf(cluster, table, block);
    }

    /** Destructive SQL on {@code cluster} (DROP TABLE, DELETE, a bad migration), on a connection of its own. */
    public final void sql(DatabaseCluster cluster, SqlAction action) throws SQLException {
        guard(Fault.SQL, cluster, "run destructive SQL on");
        try (Connection c = cluster.connect()) {
            action.run(c);
        }
    }

    /** Deletes a bucket and everything in it (a region's storage gone, an attacker). */
    public final void deleteBucket(String bucket) {
        guard(Fault.DELETE_BUCKET, bucket, "delete bucket");
        removeBucket(bucket);
    }

    public final void deleteObject(String bucket, String key) throws Exception {
        guard(Fault.DAMAGE_OBJECTS, bucket, "delete objects in bucket");
        store.client().removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    }

    /** Replaces an object's bytes, as ransomware "encrypting" it does. */
    public final void overwriteObject(String bucket, String key, byte[] bytes) throws Exception {
        guard(Fault.DAMAGE_OBJECTS, bucket, "overwrite objects in bucket");
        store.client().putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }

    private void guard(Fault fault, Object target, String action) {
        if (!supported.contains(fault))
            throw new GameDayException("fault " + fault.label() + " (" + fault.description() + ") is not supported on substrate " + substrate);
        if (target instanceof DatabaseCluster c) requireOwned(c, action);
        else requireOwnedBucket((String) target, action);
    }

    /** Throws unless this run created {@code cluster}; {@code action} completes "refusing to … X". */
    protected abstract void requireOwned(DatabaseCluster cluster, String action);

    /** Throws unless this environment created {@code bucket}. */
    protected abstract void requireOwnedBucket(String bucket, String action);

    // the faults that differ by substrate; each is reached only through the guard above
    protected abstract void killServer(DatabaseCluster cluster);

    protected abstract void destroyCluster(DatabaseCluster cluster);

    protected abstract void removeBucket(String bucket);

    protected void breakArchivingOf(DatabaseCluster cluster) {
        throw new UnsupportedOperationException("not reachable: " + substrate + " does not declare " + Fault.BREAK_ARCHIVING.label());
    }

    protected void corruptBlockOf(DatabaseCluster cluster, String table, long block) {
        throw new UnsupportedOperationException("not reachable: " + substrate + " does not declare " + Fault.CORRUPT_PAGE.label());
    }

    @FunctionalInterface
    public interface SqlAction {
        void run(Connection c) throws SQLException;
    }
}
