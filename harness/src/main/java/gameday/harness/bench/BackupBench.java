package gameday.harness.bench;

import gameday.harness.EnvironmentSpec;
import gameday.harness.EnvironmentSpec.Compression;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalCluster;
import gameday.harness.local.LocalEnvironment;
import java.util.List;
import java.util.function.Consumer;

/**
 * barman-cloud-backup's upload jobs ({@code --jobs}, CNPG's {@code data.jobs}) at 1, 2 and 4, and
 * compression off against gzip (CNPG's {@code data.compression}), on one database of
 * {@code sizeMb}. Every combination runs once per repeat, in turn, so load from other work on the
 * machine hits them alike. The defaults in {@link EnvironmentSpec} come from these figures.
 */
final class BackupBench {
    static final List<Integer> JOBS = List.of(1, 2, 4);
    static final List<Compression> COMPRESSIONS = List.of(Compression.NONE, Compression.GZIP);
    private static final double MB = 1024 * 1024;
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;

    BackupBench(BenchOptions o, Recorder rec, Consumer<String> log) {
        this.o = o;
        this.rec = rec;
        this.log = log;
    }

    static String figure(int jobs, Compression c) {
        return "backup.jobs" + jobs + "." + c.label() + ".MBps";
    }

    void run() throws Exception {
        try (LocalEnvironment env = LocalBench.create(o.workDir().resolve("backup"), EnvironmentSpec.DEFAULT.withGoldenSteadyState(false))) {
            LocalCluster primary = (LocalCluster) env.primary();
            log.accept("backup: loading " + o.sizeMb() + " MB");
            // random-looking text, so that gzip has the work a real table gives it and not a run of repeats
            RecoveryBench.sql(primary, "CREATE TABLE bulk(id bigint, payload text); INSERT INTO bulk SELECT g, md5(g::text) || md5((g * 7)::text) "
                    + "|| md5((g * 13)::text) || repeat(md5((g * 31)::text), 25) FROM generate_series(1, " + o.sizeMb() * 1000L + ") g; CHECKPOINT");
            long bytes = DataDirBytes.backedUp(primary.dataDir());
            for (int i = 1; i <= o.repeats(); i++) {
                for (Compression c : COMPRESSIONS) {
                    for (int jobs : JOBS) {
                        log.accept("backup --jobs " + jobs + " compression " + c.label() + ", repeat " + i);
                        LocalBench.Backup b = LocalBench.backup(env, jobs, c);
                        rec.add(figure(jobs, c), "MB/s", bytes / MB / b.seconds());
                        if (jobs == JOBS.get(0)) rec.add("backup." + c.label() + ".uploadedMB", "MB", b.uploadedBytes() / MB);
                    }
                }
            }
        }
        for (Compression c : COMPRESSIONS)
            rec.compare(figure(EnvironmentSpec.DEFAULT_BACKUP_JOBS, c), JOBS.stream().map(j -> figure(j, c)).toArray(String[]::new));
        rec.note(figure(EnvironmentSpec.DEFAULT_BACKUP_JOBS, EnvironmentSpec.DEFAULT_BACKUP_COMPRESSION),
                "the default: database bytes (without pg_wal) / seconds of barman-cloud-backup --immediate-checkpoint");
    }
}
