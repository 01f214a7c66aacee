package gameday.harness.bench;

import gameday.harness.DatabaseCluster;
import gameday.harness.EnvironmentSpec;
import gameday.harness.run.Reaper;
import gameday.harness.local.LocalBench;
import gameday.harness.local.LocalCluster;
import gameday.harness.local.LocalEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The RTO-vs-size forecast: latest-point recoveries at several database sizes and WAL
 * volumes, one straight line per phase (base restore time against base bytes, replay time
 * against WAL bytes), extrapolated to the user's size. The phases are fitted apart because
 * they are measured apart and scale with different volumes.
 */
public final class Forecast {
    private static final double MB = 1024 * 1024;

    /** One measured recovery. */
    public record Point(double baseMb, double walMb, double restoreBaseSeconds, double replaySeconds) {}

    /**
     * @param storageMBps the user's measured object-store throughput, or 0: then the local fit
     *                    is used, which is a lower bound on the time against a cloud store
     */
    public record Target(double sizeGb, double walPerHourGb, double hoursOfWal, double storageMBps) {}

    private final Path workDir;
    private final Consumer<String> log;

    public Forecast(Path workDir, Consumer<String> log) {
        this.workDir = workDir;
        this.log = log;
    }

    public List<Point> measure(List<Integer> sizesMb, List<Integer> walSegments) throws Exception {
        List<Point> points = new ArrayList<>();
        try {
            for (int i = 0; i < sizesMb.size(); i++) points.add(measure(i, sizesMb.get(i), walSegments.get(i % walSegments.size())));
        } finally {
            Reaper.deleteTree(workDir);
        }
        return points;
    }

    private Point measure(int i, int sizeMb, int segments) throws Exception {
        log.accept("recovery at " + sizeMb + " MB with " + segments + " WAL segments");
        try (LocalEnvironment env = LocalBench.create(workDir.resolve("size-" + i), EnvironmentSpec.DEFAULT)) {
            LocalCluster primary = (LocalCluster) env.primary();
            RecoveryBench.sql(primary, "CREATE TABLE bulk(id bigint, payload text); INSERT INTO bulk SELECT g, repeat(md5(g::text), 28) "
                    + "FROM generate_series(1, " + sizeMb * 1000L + ") g; CHECKPOINT");
            primary.backup(Duration.ofMinutes(60));
            RecoveryBench.writeWal(primary, segments);
            primary.switchWalAndAwaitArchived(Duration.ofSeconds(30L + 5L * segments));
            primary.stop(Duration.ofSeconds(60));
            PhaseTimer t = new PhaseTimer();
            DatabaseCluster c = env.recovery().latest(t);
            LocalBench.discard(env, c);
            return new Point(t.longMeasure("baseBackupBytes") / MB, t.longMeasure("walSegmentsRestored") * 16.0,
                    t.seconds.get("restore-base"), t.seconds.get("replay-wal"));
        }
    }

    /** The fits, their error and the extrapolation, as the JSON shows them. */
    public static Map<String, Object> predict(List<Point> points, Target target) {
        LinearFit base = LinearFit.of(points.stream().map(p -> new double[] {p.baseMb(), p.restoreBaseSeconds()}).toList());
        LinearFit wal = LinearFit.of(points.stream().map(p -> new double[] {p.walMb(), p.replaySeconds()}).toList());
        double baseMb = target.sizeGb() * 1024, walMb = target.walPerHourGb() * 1024 * target.hoursOfWal();
        // neither faster than this machine restored nor faster than the user's storage delivers
        double baseS = target.storageMBps() > 0 ? Math.max(base.at(baseMb), base.intercept() + baseMb / target.storageMBps()) : base.at(baseMb);
        double walS = target.storageMBps() > 0 ? Math.max(wal.at(walMb), wal.intercept() + walMb / target.storageMBps()) : wal.at(walMb);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("points", points);
        out.put("restoreBaseFit", Map.of("secondsPerMb", base.slope(), "interceptSeconds", base.intercept(), "r2", base.r2(),
                "maxRelativeError", base.maxRelativeError()));
        out.put("replayFit", Map.of("secondsPerMb", wal.slope(), "interceptSeconds", wal.intercept(), "r2", wal.r2(),
                "maxRelativeError", wal.maxRelativeError()));
        out.put("target", target);
        if (base.slope() <= 0 || wal.slope() <= 0) {
            // time that does not grow with size means fixed costs and noise swamped the per-MB cost
            out.put("forecast", null);
            out.put("caveat", "no forecast: restore time did not grow with " + (base.slope() <= 0 ? "base size" : "WAL size")
                    + " across the measured points, so fixed costs and machine load dominate them; measure larger --sizes-mb / --wal-segments");
            return out;
        }
        out.put("forecast", Map.of("restoreBaseSeconds", Math.round(baseS), "replaySeconds", Math.round(walS),
                "totalMinutes", Math.round((baseS + walS) / 6) / 10.0));
        out.put("caveat", target.storageMBps() > 0
                ? "base restore and WAL fetch scaled to the given storage throughput of " + target.storageMBps() + " MB/s"
                : "measured against a local object store on this machine: a cloud object store is slower, so this is a lower bound;"
                + " give --storage-mbps with your measured throughput");
        return out;
    }
}
