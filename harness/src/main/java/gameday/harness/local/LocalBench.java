package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Progress;
import gameday.harness.run.Reaper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What gameday bench needs of the local substrate's internals, in one place. */
public final class LocalBench {
    private LocalBench() {}

    public static LocalEnvironment create(Path dir, EnvironmentSpec spec) throws Exception {
        return new LocalEnvironment(gameday.harness.run.RunId.next(), dir, // an id the Reaper recognises, so a killed bench is reaped
                 spec, Progress.SILENT, null);
    }

    /** The next recovery fetches WAL with {@code n} fetchers (1 = sequential barman-cloud-wal-restore). */
    public static void walMaxParallel(LocalEnvironment env, int n) {
        env.spec(env.spec().withWalMaxParallel(n));
    }

    public static Path serviceDir(LocalEnvironment env) {
        return env.serviceDir();
    }

    /** A plain copy of a data directory, as the service user: the floor for any restore. */
    public static double copySeconds(LocalEnvironment env, Path src, Path dest) {
        long t0 = System.nanoTime();
        env.processes().run("bench-copy", List.of("cp", "-a", src.toString(), dest.toString()), Duration.ofMinutes(30));
        double s = (System.nanoTime() - t0) / 1e9;
        Reaper.deleteTree(dest);
        return s;
    }

    /**
     * A second primary in an existing environment, from the template or from initdb, until it
     * accepts connections with archiving configured (and, cloned, its own password): the
     * cluster's share of provisioning, without the S3 server. Stopped and removed afterwards.
     */
    public static double newPrimarySeconds(LocalEnvironment env, String name, boolean template) throws IOException {
        long t0 = System.nanoTime();
        LocalCluster c = env.newCluster(name);
        if (template) c.cloneTemplate(); else c.initdb();
        c.start(LocalEnvironment.START_TIMEOUT);
        double s = (System.nanoTime() - t0) / 1e9;
        discard(env, c);
        return s;
    }

    /** One timed base backup and what it put into the bucket. */
    public record Backup(double seconds, long uploadedBytes) {}

    /** A base backup of the primary with {@code --jobs} and compression; the bytes are those under its folder in the bucket. */
    public static Backup backup(LocalEnvironment env, int jobs, gameday.harness.EnvironmentSpec.Compression compression) throws Exception {
        LocalCluster p = (LocalCluster) env.primary();
        Barman barman = env.barman().withBackup(jobs, compression);
        long t0 = System.nanoTime();
        barman.backup(env.processes(), p.serverName(), p.port(), Duration.ofMinutes(60));
        double s = (System.nanoTime() - t0) / 1e9;
        String prefix = p.serverName() + "/base/" + barman.latestBackupId(env.processes(), p.serverName()) + "/";
        long bytes = 0;
        var store = env.objectStore();
        for (var r : store.client().listObjects(io.minio.ListObjectsArgs.builder().bucket(store.backupBucket()).prefix(prefix).recursive(true).build()))
            bytes += r.get().size();
        return new Backup(s, bytes);
    }

    /** Builds the golden steady state of this JVM now, so that a timed run does not pay for it; returns the seconds it took (0 when built already). */
    public static double warmGoldenSteadyState(gameday.harness.EnvironmentSpec spec) {
        long t0 = System.nanoTime();
        GoldenSteadyState.obtain(spec);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Stops a recovered cluster and removes its data directory, so repeats do not fill the disk. */
    public static void discard(LocalEnvironment env, DatabaseCluster c) {
        c.stop(Duration.ofSeconds(60));
        if (c instanceof LocalCluster lc) Reaper.deleteTree(lc.dataDir());
    }

    /**
     * Times bare-pitr.sh restoring the latest point of {@code server}, from backup-list to a
     * promoted server; the server is then stopped and removed (untimed).
     */
    public static double barePitrSeconds(LocalEnvironment env, String server, int attempt) throws IOException {
        return barePitrSeconds(env.processes(), env.serviceDir(), env.objectStore().url(), env.objectStore().backupBucket(), server, attempt);
    }

    /** The bare runbook on a {@link TeamArchive}'s backup, as a drill of it restores it. */
    public static double barePitrSeconds(TeamArchive team, int attempt) throws IOException {
        return barePitrSeconds(team.processes(), team.serviceDir(), team.endpoint(), TeamArchive.BACKUP_BUCKET + "/" + TeamArchive.PATH,
                TeamArchive.SERVER, attempt);
    }

    private static double barePitrSeconds(Processes procs, Path serviceDir, String endpoint, String bucket, String server, int attempt) throws IOException {
        Path script = serviceDir.resolve("bare-pitr.sh");
        try (InputStream in = LocalBench.class.getResourceAsStream("/gameday/bench/bare-pitr.sh")) {
            Files.write(script, in.readAllBytes());
        }
        procs.user().own(script);
        Path dest = serviceDir.resolve("bare-" + attempt);
        String port = String.valueOf(LocalEnvironment.freePort());
        PgBinaries bin = PgBinaries.locate();
        List<String> cmd = List.of("env", "ENDPOINT=" + endpoint, "BUCKET=" + bucket, "SERVER=" + server,
                "NEW_SERVER=bare-" + attempt, "DEST=" + dest, "PORT=" + port, "PGBIN=" + bin.bindir(), "bash", script.toString());
        long t0 = System.nanoTime();
        try {
            procs.run("bare-pitr-" + attempt, cmd, LocalRecovery.RECOVERY_TIMEOUT);
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            if (Files.exists(dest.resolve("postmaster.pid")))
                procs.run("bare-stop-" + attempt, List.of(bin.tool("pg_ctl"), "stop", "-D", dest.toString(), "-m", "fast", "-w"),
                        Duration.ofMinutes(1));
            Reaper.deleteTree(dest);
        }
    }
}
