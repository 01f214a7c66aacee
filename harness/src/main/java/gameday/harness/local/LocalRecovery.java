package gameday.harness.local;

import com.fasterxml.jackson.databind.JsonNode;
import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.Recovery;
import gameday.harness.wait.PgWait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The runbook's recovery on the local substrate, step by step as CloudNativePG's
 * {@code bootstrap.recovery} does it: barman-cloud-restore of a base backup into a new data
 * directory, {@code recovery.signal}, {@code restore_command = barman-cloud-wal-restore},
 * an optional {@code recovery_target_time}, promotion, and archiving under a new server name
 * (CNPG refuses to archive into a non-empty folder).
 */
final class LocalRecovery implements Recovery {
    static final Duration RECOVERY_TIMEOUT = Restore.TIMEOUT;
    private final LocalEnvironment env;
    private int generation;

    LocalRecovery(LocalEnvironment env) {
        this.env = env;
    }

    @Override
    public DatabaseCluster pitr(Instant target, Phases phases) {
        return restore(target, phases);
    }

    @Override
    public DatabaseCluster latest(Phases phases) {
        return restore(null, phases);
    }

    /** pg_promote: a standby (streaming, or fed from the archive, which first replays every segment it can still fetch) becomes primary. */
    @Override
    public DatabaseCluster promoteStandby(DatabaseCluster standby, Phases phases) {
        if (!(standby instanceof LocalCluster c) || !env.clusters().contains(c))
            throw new GameDayException("cannot promote " + standby.name() + ": not a cluster of this environment");
        phases.phase("promote", () -> {
            try (Connection conn = c.connect(); Statement s = conn.createStatement()) {
                if (Restore.isInRecovery(conn)) s.execute("SELECT pg_promote(false)");
            }
            Restore.awaitRecovery(c, PgWait.promoted(c));
            phases.measure("walSegmentsRestored", Restore.restoredSegments(env.processes(), c));
            phases.note(c.name() + " promoted");
        });
        return c;
    }

    @Override
    public long restoreObjects(String replica, String bucket, Phases phases) {
        return phases.phase("restore-objects", () -> {
            long n = gameday.harness.s3.Buckets.restore(env.store().client(), replica, bucket);
            phases.note(n + " objects copied back from " + replica + " into " + bucket);
            phases.measure("objectsCopiedBack", n);
            return n;
        });
    }

    private LocalCluster restore(Instant target, Phases phases) {
        String source = env.endpoint().cluster().serverName();
        LocalCluster c;
        try {
            c = env.newCluster(env.primary().name() + "-recovered-" + (++generation));
        } catch (IOException e) {
            throw new GameDayException("cannot prepare a directory for the recovered cluster: " + e.getMessage());
        }
        Barman barman = env.barman();
        try (WalPrefetch prefetch = new WalPrefetch(env.store().client(), env.store().backupBucket(), source, env.serviceDir().resolve(c.name() + "-walspool"),
                env.processes().user(), env.spec().walMaxParallel())) {
            return restore(c, source, barman, prefetch, target, phases);
        }
    }

    private LocalCluster restore(LocalCluster c, String source, Barman barman, WalPrefetch prefetch, Instant target, Phases phases) {
        Restore.run(c, env.processes(), barman, source, () -> pickBackup(barman.backups(env.processes(), source), target, source), prefetch,
                target == null ? Restore.Target.END : Restore.Target.time(target), Restore.Prepare.NOTHING, phases);
        return c;
    }

    /** For a PITR the newest backup that ended before the target; otherwise the newest. */
    static String pickBackup(List<JsonNode> backups, Instant target, String server) {
        JsonNode pick = null;
        for (JsonNode b : backups) {
            if (target == null || Barman.endTime(b).isBefore(target)) pick = b;
        }
        if (pick == null) throw new GameDayException("no base backup of " + server + " ended before " + (target == null ? "now" : target)
                + ": take a backup before the fault");
        return pick.path("backup_id").asText();
    }
}
