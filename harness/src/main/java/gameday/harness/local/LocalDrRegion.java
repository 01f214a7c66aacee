package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.DrRegion;
import gameday.harness.GameDayException;
import gameday.harness.s3.Replicator;
import gameday.harness.wait.Wait;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The second region on this machine: two buckets replicated from the primary's, and a standby
 * fed from the replicated archive with restore_command, as a CNPG replica cluster whose only
 * source is an object store ({@code externalClusters} with {@code barmanObjectStore}). It is
 * not streaming: the archive is the one link between the regions that the game day can cut.
 */
final class LocalDrRegion implements DrRegion {
    /** The DR region's buckets: its own names, as another region's account would have. */
    static final String DR_SUFFIX = "-dr";

    private final LocalEnvironment env;
    private final LocalObjectStore store;
    private final Barman drBarman; // this region's (replicated) backup bucket
    private final Replicator replicator;
    private LocalCluster standby;

    LocalDrRegion(LocalEnvironment env, LocalObjectStore store) throws Exception {
        this.env = env;
        this.store = store;
        drBarman = new Barman(store.url(), backupBucket());
        store.makeBucket(backupBucket());
        store.makeBucket(appBucket());
        // the WAL archive first in each pass: an object a replicated commit references was uploaded before it
        replicator = new Replicator(store.client(), List.of(new Replicator.Pair(store.backupBucket(), backupBucket(), false),
                new Replicator.Pair(store.appBucket(), appBucket(), true)), Duration.ofMillis(100));
        replicator.start();
    }

    @Override
    public String backupBucket() {
        return store.backupBucket() + DR_SUFFIX;
    }

    @Override
    public String appBucket() {
        return store.appBucket() + DR_SUFFIX;
    }

    @Override
    public Replicator replicator() {
        return replicator;
    }

    @Override
    public synchronized DatabaseCluster standby(Duration timeout) {
        if (standby != null) return standby;
        String source = env.primary().serverName();
        Processes procs = env.processes();
        try {
            LocalCluster c = env.newCluster("pg-dr", drBarman);
            String backupId = Wait.forThe("a base backup of " + source + " replicated to " + backupBucket())
                    .atMost(timeout).pollEvery(Duration.ofMillis(500)).ignoringExceptions()
                    .until(() -> drBarman.backups(procs, source).stream().filter(b -> "DONE".equals(b.path("status").asText()))
                            .reduce((a, b) -> b).map(b -> b.path("backup_id").asText()).orElse(null), Objects::nonNull);
            Files.createDirectories(c.dataDir());
            procs.user().own(c.dataDir());
            drBarman.restore(procs, source, backupId, c.dataDir(), timeout);
            c.markOwned();
            c.writeConfig("restore_command = '" + drBarman.restoreCommand(source) + "'\n"
                    + "wal_retrieve_retry_interval = 1s\n"); // poll the DR archive every second (default 5 s)
            Files.writeString(c.dataDir().resolve("standby.signal"), "");
            procs.user().own(c.dataDir());
            c.start(timeout);
            standby = c;
            return c;
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("cannot build the DR standby: " + e.getMessage(), e);
        }
    }
}
