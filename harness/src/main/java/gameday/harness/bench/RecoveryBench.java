package gameday.harness.bench;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalCluster;
import gameday.harness.local.LocalEnvironment;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Backup, restore, WAL replay and the bare runbook, on one environment: a database of
 * {@code sizeMb}, a base backup, then {@code walSegments} of archived WAL after it. Each
 * recovery restores the latest point into a new cluster; sequential and prefetch alternate
 * within a repeat so that load from other work on the machine hits both alike.
 */
final class RecoveryBench {
    private static final double MB = 1024 * 1024;
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;

    RecoveryBench(BenchOptions o, Recorder rec, Consumer<String> log) {
        this.o = o;
        this.rec = rec;
        this.log = log;
    }

    void run() throws Exception {
        try (LocalEnvironment env = LocalBench.create(o.workDir().resolve("recovery"), EnvironmentSpec.DEFAULT)) {
            LocalCluster primary = (LocalCluster) env.primary();
            log.accept("loading " + o.sizeMb() + " MB");
            sql(primary, "CREATE TABLE bulk(id bigint, payload text); INSERT INTO bulk SELECT g, repeat(md5(g::text), 28) FROM generate_series(1, "
                    + o.sizeMb() * 1000L + ") g; CHECKPOINT");
            long baseBytes = DataDirBytes.backedUp(primary.dataDir());
            rec.add("database.bytes", "MB", baseBytes / MB);
            for (int i = 1; i <= o.repeats(); i++) backupAndReferences(env, primary, baseBytes, i);
            log.accept("writing and archiving " + o.walSegments() + " WAL segments");
            writeWal(primary, o.walSegments());
            primary.switchWalAndAwaitArchived(Duration.ofSeconds(30L + 5L * o.walSegments()));
            primary.stop(Duration.ofSeconds(60)); // the source is gone, as after the fault
            for (int i = 1; i <= o.repeats(); i++) {
                boolean prefetchFirst = i % 2 == 0;
                recover(env, prefetchFirst ? o.walMaxParallel() : 1, i);
                recover(env, prefetchFirst ? 1 : o.walMaxParallel(), i);
                log.accept("bare runbook, repeat " + i);
                rec.add("recovery.bare.seconds", "s", LocalBench.barePitrSeconds(env, primary.serverName(), i));
            }
        }
        rec.compare("backup.MBps", "s3.put.MBps");
        rec.compare("restore.base.MBps", "s3.get.MBps", "copy.datadir.MBps");
        rec.compare("wal.prefetch.segmentsPerSecond", "wal.sequential.segmentsPerSecond");
        rec.compare("recovery.harness.prefetch.seconds", "recovery.bare.seconds", "recovery.harness.sequential.seconds");
        rec.note("restore.base.MBps", "barman-cloud-backup-list + barman-cloud-restore of the base backup, as LocalRecovery's restore-base phase");
        rec.note("recovery.bare.seconds", "bare-pitr.sh: barman-cloud-backup-list, barman-cloud-restore, pg_ctl start, psql until promoted");
    }

    private void backupAndReferences(LocalEnvironment env, LocalCluster primary, long bytes, int i) throws Exception {
        log.accept("base backup, repeat " + i);
        long t0 = System.nanoTime();
        primary.backup(Duration.ofMinutes(60));
        rec.add("backup.MBps", "MB/s", bytes / MB / secondsSince(t0));
        String key = "bench/raw-" + i;
        t0 = System.nanoTime();
        try (InputStream in = DataDirBytes.stream(primary.dataDir(), bytes)) {
            env.objectStore().client().putObject(PutObjectArgs.builder().bucket(env.objectStore().appBucket()).object(key).stream(in, bytes, 64L << 20).build());
        }
        rec.add("s3.put.MBps", "MB/s", bytes / MB / secondsSince(t0));
        Path got = LocalBench.serviceDir(env).resolve("raw-get");
        t0 = System.nanoTime();
        try (InputStream in = env.objectStore().client().getObject(GetObjectArgs.builder().bucket(env.objectStore().appBucket()).object(key).build())) {
            Files.copy(in, got);
        }
        rec.add("s3.get.MBps", "MB/s", bytes / MB / secondsSince(t0));
        Files.delete(got);
        long all = DataDirBytes.all(primary.dataDir()); // cp copies pg_wal too
        double copy = LocalBench.copySeconds(env, primary.dataDir(), LocalBench.serviceDir(env).resolve("copy-" + i));
        rec.add("copy.datadir.MBps", "MB/s", all / MB / copy);
    }

    private void recover(LocalEnvironment env, int parallel, int i) {
        String mode = parallel > 1 ? "prefetch" : "sequential";
        log.accept("recovery (" + mode + "), repeat " + i);
        LocalBench.walMaxParallel(env, parallel);
        PhaseTimer t = new PhaseTimer();
        DatabaseCluster c = env.recovery().latest(t);
        double base = t.seconds.get("restore-base"), replay = t.seconds.get("replay-wal");
        long segments = t.longMeasure("walSegmentsRestored"), bytes = t.longMeasure("baseBackupBytes");
        LocalBench.discard(env, c);
        if (parallel > 1) rec.add("restore.base.MBps", "MB/s", bytes / MB / base);
        rec.add("wal." + mode + ".segments", "segments", segments);
        rec.add("wal." + mode + ".segmentsPerSecond", "segments/s", segments / replay);
        rec.add("wal." + mode + ".MBps", "MB/s", segments * 16 / replay);
        rec.add("recovery.harness." + mode + ".seconds", "s", base + replay);
    }

    /** Fills segments with real row changes, so replay does the work a write burst makes it do. */
    static void writeWal(LocalCluster c, int segments) throws Exception {
        try (Connection conn = c.connect(); Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE churn(id bigint, payload text)");
            long start = lsn(s), target = (long) segments * 16 * 1024 * 1024;
            for (int batch = 1; lsn(s) - start < target; batch++) {
                s.execute("INSERT INTO churn SELECT g, repeat(md5(g::text), 28) FROM generate_series(1, 16000) g");
                if (batch % 8 == 0) s.execute("TRUNCATE churn"); // bounds the disk; replay still inserts every row
            }
        }
    }

    private static long lsn(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void sql(DatabaseCluster c, String sql) throws Exception {
        try (Connection conn = c.connect(); Statement s = conn.createStatement()) {
            s.execute(sql);
        }
    }

    static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
