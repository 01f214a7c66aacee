package gameday.harness.bench;

import gameday.harness.Progress;
import gameday.harness.drill.BackupSource;
import gameday.harness.drill.Drill;
import gameday.harness.drill.DrillOptions;
import gameday.harness.drill.DrillTarget;
import gameday.harness.drill.SourceAccess;
import gameday.harness.journal.Journal;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalDrill;
import gameday.harness.local.TeamArchive;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.credentials.StaticProvider;
import io.minio.messages.Item;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code gameday bench --only drill}: a drill of the latest point beside the bare runbook
 * (bare-pitr.sh) on the same backup of a {@link TeamArchive}, alternating within each repeat;
 * the drill's restore-base throughput beside a raw GET of the same tar; and the JVM's peak heap
 * during the drill (summed pool peaks, an upper bound; the in-process S3 server of the archive
 * shares the JVM, so it counts too).
 */
final class DrillBench {
    private static final double MB = 1024 * 1024;
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;

    DrillBench(BenchOptions o, Recorder rec, Consumer<String> log) {
        this.o = o;
        this.rec = rec;
        this.log = log;
    }

    void run() throws Exception {
        try (TeamArchive team = new TeamArchive(o.workDir().resolve("drill").toAbsolutePath())) {
            log.accept("loading " + o.sizeMb() + " MB into the team's archive");
            team.sql("app", "CREATE TABLE bulk(id bigint, payload text)");
            // 128 MB per statement: one statement of gigabytes would outlast the connection's 60 s socket timeout
            for (long from = 1, last = o.sizeMb() * 1000L; from <= last; from += 128_000) {
                if (from > 1) log.accept("loaded " + (from - 1) / 1000 + " of " + o.sizeMb() + " MB");
                team.sql("app", "INSERT INTO bulk SELECT g, repeat(md5(g::text), 28) FROM generate_series(" + from + ", " + Math.min(last, from + 127_999) + ") g");
            }
            team.sql("app", "CHECKPOINT");
            String backup = team.backup();
            log.accept("writing and archiving " + o.walSegments() + " WAL segments");
            RecoveryBench.writeWal(team.cluster(), o.walSegments());
            team.archived(java.time.Duration.ofSeconds(30L + 5L * o.walSegments()));
            team.stop();
            rawGet(team, backup);
            for (int i = 1; i <= o.repeats(); i++) {
                if (i % 2 == 1) {
                    drill(team, i);
                    bare(team, i);
                } else {
                    bare(team, i);
                    drill(team, i);
                }
            }
        }
        rec.compare("drill.seconds", "drill.bare.seconds");
        rec.compare("drill.restore.base.MBps", "drill.s3.get.MBps");
        rec.note("drill.seconds", "gameday drill --target latest, in-process: list, restore-base, replay-wal, validate, page-checksums");
        rec.note("drill.bare.seconds", "bare-pitr.sh on the same backup: barman-cloud-backup-list, barman-cloud-restore, pg_ctl start, psql until promoted");
        rec.note("drill.heap.peak.MB", "sum of the JVM heap pools' peaks during the drill, S3 server included");
    }

    private void rawGet(TeamArchive team, String backup) throws Exception {
        String key = null;
        long size = 0;
        for (Result<Item> r : team.client().listObjects(ListObjectsArgs.builder().bucket(TeamArchive.BACKUP_BUCKET)
                .prefix(TeamArchive.PATH + "/" + TeamArchive.SERVER + "/base/" + backup + "/").recursive(true).build())) {
            Item it = r.get();
            if (it.objectName().contains("/data.tar")) {
                key = it.objectName();
                size = it.size();
            }
        }
        Path got = o.workDir().resolve("raw-get");
        for (int i = 1; i <= o.repeats(); i++) {
            long t0 = System.nanoTime();
            try (InputStream in = team.client().getObject(GetObjectArgs.builder().bucket(TeamArchive.BACKUP_BUCKET).object(key).build());
                 OutputStream out = Files.newOutputStream(got)) {
                in.transferTo(out);
            }
            rec.add("drill.s3.get.MBps", "MB/s", size / MB / RecoveryBench.secondsSince(t0));
            Files.delete(got);
        }
        rec.add("drill.base.tar.MB", "MB", size / MB);
    }

    private void drill(TeamArchive team, int i) throws Exception {
        log.accept("drill, repeat " + i);
        BackupSource source = BackupSource.of("s3://" + TeamArchive.BACKUP_BUCKET + "/" + TeamArchive.PATH, TeamArchive.SERVER, team.endpoint());
        Map<String, String> c = team.credentials();
        SourceAccess access = SourceAccess.of(source, new StaticProvider(c.get("AWS_ACCESS_KEY_ID"), c.get("AWS_SECRET_ACCESS_KEY"), null));
        DrillOptions opts = new DrillOptions(source, DrillTarget.parse("latest"), null, null, null, null, null, false, "local");
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
        long t0 = System.nanoTime();
        Journal j = new Drill(opts, access, (major, journal) -> new LocalDrill(access, major, journal.runId,
                journal.file().getParent().resolve("drill"), o.walMaxParallel()), Progress.SILENT).run(o.workDir().resolve("drill-runs").toAbsolutePath());
        rec.add("drill.seconds", "s", RecoveryBench.secondsSince(t0));
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) peak += p.getPeakUsage().getUsed();
        rec.add("drill.heap.peak.MB", "MB", peak / MB);
        ScenarioRecord r = j.scenarios.stream().filter(s -> s.name.equals("restore latest")).findFirst()
                .orElseThrow(() -> new IllegalStateException("the drill restored nothing"));
        if (!"valid".equals(r.verdict)) throw new IllegalStateException("the bench's drill was not valid: " + r.checks);
        rec.add("drill.rto.seconds", "s", ((Number) r.measurements.get("rtoMs")).doubleValue() / 1000);
        rec.add("drill.restore.base.MBps", "MB/s", ((Number) r.measurements.get("restoreBaseMBps")).doubleValue());
        rec.add("drill.wal.segments", "segments", ((Number) r.measurements.get("walSegmentsRestored")).doubleValue());
    }

    private void bare(TeamArchive team, int i) throws Exception {
        log.accept("bare runbook, repeat " + i);
        rec.add("drill.bare.seconds", "s", LocalBench.barePitrSeconds(team, i));
    }
}
