package gameday.harness.local;

import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.Progress;
import gameday.harness.run.Reaper;
import gameday.harness.run.RunId;
import gameday.harness.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The steady state every game day starts from, built once per JVM (one catalogue run, one test
 * JVM) instead of once per scenario: a primary from the cluster template, the workload's schema,
 * a base backup taken with barman-cloud-backup, and the WAL up to it archived. The primary is then
 * stopped cleanly (fast shutdown: a shutdown checkpoint, the archiver drained) and kept on disk with
 * the backup bucket's files under the S3 server's filesystem backend.
 * <p>An environment copies both (reflink where the filesystem can): the data directory becomes its
 * primary, with its own ownership marker, port, archive_command (its own S3 endpoint) and, at the
 * first start, its own password; the bucket files go into its own bucket, under the same server
 * name, because barman's layout ({@code <server>/base/<id>/backup.info}, {@code <server>/wals/…})
 * names the server inside the bucket. The clone then writes on from the golden's last WAL
 * position, so its own bucket holds one unbroken chain: the golden's base backup and archived
 * WAL, then the clone's. Everything a scenario asks beyond that (a standby, a DR region, its
 * archive_timeout) is still built for it.
 * <p>It lives in {@code $TMPDIR/gameday-<id>}, an id carrying this JVM's pid: removed at exit, and
 * by the {@link Reaper} after a crash.
 */
final class GoldenSteadyState {
    /** The server name of every environment's primary: LocalEnvironment builds it as {@code pg-main}. */
    static final String PRIMARY = "pg-main";
    private static final Map<Key, GoldenSteadyState> BUILT = new HashMap<>();

    /** Goldens differ only by how their base backup was taken. */
    private record Key(int jobs, EnvironmentSpec.Compression compression) {}

    private final String id;
    private final ClusterTemplate primary; // the stopped data directory and its password
    private final Path bucket; // <s3 basedir>/<backup bucket>
    private final String backupName; // what barman-cloud-backup -n was given
    private final String backupId; // barman's id, the folder under <server>/base/
    private final String lastArchivedWal;
    private final Instant builtAt;
    private final long buildMs;

    private GoldenSteadyState(String id, ClusterTemplate primary, Path bucket, String backupName, String backupId, String lastArchivedWal, Instant builtAt,
                              long buildMs) {
        this.backupName = backupName;
        this.id = id;
        this.primary = primary;
        this.bucket = bucket;
        this.backupId = backupId;
        this.lastArchivedWal = lastArchivedWal;
        this.builtAt = builtAt;
        this.buildMs = buildMs;
    }

    /** Whether an environment of {@code spec} starts from a golden: only on the in-process S3 server, whose files can be copied. */
    static boolean appliesTo(EnvironmentSpec spec, S3Target external) {
        return spec.goldenSteadyState() && external == null;
    }

    /** The golden for {@code spec}'s backup options; the first caller builds it, concurrent callers wait for it. */
    static synchronized GoldenSteadyState obtain(EnvironmentSpec spec) {
        Key key = new Key(spec.backupJobs(), spec.backupCompression());
        GoldenSteadyState g = BUILT.get(key);
        if (g == null) {
            g = build(spec);
            BUILT.put(key, g);
        }
        return g;
    }

    private static GoldenSteadyState build(EnvironmentSpec spec) {
        long t0 = System.nanoTime();
        String id = RunId.next(); // ends with this JVM's pid: the Reaper removes it once this JVM is gone
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + id);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> Reaper.deleteTree(root), "gameday-golden-cleanup"));
        EnvironmentSpec golden = EnvironmentSpec.DEFAULT.withBackup(spec.backupJobs(), spec.backupCompression()).withGoldenSteadyState(false);
        try (LocalEnvironment env = new LocalEnvironment(id, root.resolve("golden"), golden, Progress.SILENT, null)) {
            LocalCluster p = (LocalCluster) env.primary();
            // closing the environment removes a service directory kept outside it; the golden's must stay
            if (!p.dataDir().startsWith(root.resolve("golden"))) throw new IllegalStateException("the service user cannot reach " + root);
            if (!p.serverName().equals(PRIMARY)) throw new IllegalStateException("the primary's server name is " + p.serverName() + ", not " + PRIMARY);
            try (Connection c = p.connect()) {
                Workload.applySchema(c);
            }
            String backup = p.backup(Duration.ofMinutes(10));
            String backupId = env.barman().latestBackupId(env.processes(), PRIMARY);
            String wal = p.switchWalAndAwaitArchived(Duration.ofSeconds(60));
            p.stop(Duration.ofSeconds(60)); // fast shutdown: the clean checkpoint a clone starts from, every segment archived
            Path bucket = env.store().bucketDir(env.store().backupBucket()).orElseThrow();
            return new GoldenSteadyState(id, new ClusterTemplate(p.dataDir(), env.dbPassword()), bucket, backup, backupId, wal, Instant.now(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (GameDayException e) {
            throw new GameDayException("cannot build the golden steady state: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new GameDayException("cannot build the golden steady state: " + e, e);
        }
    }

    /**
     * Makes {@code cluster} (not yet created) a copy of the golden primary, and copies the golden's
     * base backup and WAL into {@code store}'s backup bucket. The cluster is not started.
     */
    void cloneInto(LocalCluster cluster, LocalObjectStore store) throws IOException {
        if (!cluster.serverName().equals(PRIMARY))
            throw new GameDayException("the golden steady state is of server " + PRIMARY + ", not " + cluster.serverName());
        Path into = store.bucketDir(store.backupBucket()).orElseThrow(() -> new GameDayException("the golden steady state needs the in-process S3 server"));
        copy(bucket.resolve(PRIMARY), into.resolve(PRIMARY));
        cluster.cloneFrom(primary);
    }

    /** cp keeps the files' extended attributes, where the filesystem backend keeps each object's metadata (content type, ETag). */
    private static void copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) throw new GameDayException("cannot clone the golden bucket into " + to + ": it exists");
        Files.createDirectories(to.getParent());
        try {
            Process p = new ProcessBuilder(List.of("cp", "-a", "--reflink=auto", from.toString(), to.toString())).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new GameDayException("copying the golden bucket into " + to + " took more than 2 minutes");
            }
            if (p.exitValue() != 0) throw new GameDayException("cannot copy the golden bucket into " + to + ": cp exited with " + p.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GameDayException("interrupted while copying the golden bucket");
        }
    }

    /** The stopped golden primary and the password it was left with (which no clone keeps past its first start). */
    ClusterTemplate primary() {
        return primary;
    }

    /** The base backup's name (barman-cloud-backup {@code -n}), as {@code DatabaseCluster.backup} returns it. */
    String backupName() {
        return backupName;
    }

    /** barman's id of the base backup: {@code <server>/base/<id>/} in the bucket. */
    String backupId() {
        return backupId;
    }

    /** For the journal: that the steady state was cloned, and from what. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cloned", true);
        m.put("from", "golden steady state " + id);
        m.put("baseBackup", backupName);
        m.put("baseBackupId", backupId);
        m.put("walArchivedAfterBackup", lastArchivedWal); // the fast shutdown archives one more, the partial segment it switched out
        m.put("goldenBuiltAt", builtAt.toString());
        m.put("goldenBuildMs", buildMs);
        return m;
    }
}
