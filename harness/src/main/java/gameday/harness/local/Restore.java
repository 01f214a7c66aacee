package gameday.harness.local;

import gameday.harness.Phases;
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
import java.util.concurrent.Callable;

/**
 * A restore as CloudNativePG's {@code bootstrap.recovery} does it, shared by the runbook's
 * recovery ({@link LocalRecovery}) and the drill ({@link LocalDrill}): barman-cloud-restore of a
 * base backup into a new data directory, {@code recovery.signal}, a {@code restore_command}
 * (with the parallel prefetch), an optional recovery target, replay, promotion.
 */
final class Restore {
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    /** Where replay stops: {@code settings} null replays to the end of the archive, and recovery promotes itself. */
    record Target(String settings, String describe) {
        static final Target END = new Target(null, "the end of the archive");
        /** The end of the base backup: the first consistent point, the oldest a backup offers. */
        static final Target IMMEDIATE = new Target("recovery_target = 'immediate'\nrecovery_target_action = 'pause'\n", "the end of the base backup");

        static Target time(Instant t) {
            String at = PG_TIME.format(t.atOffset(ZoneOffset.UTC));
            return new Target("recovery_target_time = '" + at + "'\nrecovery_target_action = 'pause'\n", at);
        }
    }

    /** Adjusts a restored data directory before its first start; returns settings for gameday.conf. */
    @FunctionalInterface
    interface Prepare {
        String settings(LocalCluster c) throws Exception;

        Prepare NOTHING = c -> "";
    }

    private Restore() {}

    /**
     * Phases restore-base, replay-wal and (with a target) promote; {@code backupId} is called
     * inside restore-base, so choosing the backup counts towards it.
     */
    static void run(LocalCluster c, Processes procs, Barman barman, String server, Callable<String> backupId, WalPrefetch prefetch,
                    Target target, Prepare prepare, Phases phases) {
        phases.phase("restore-base", () -> {
            String id = backupId.call();
            phases.note("restoring base backup " + id + " of " + server + " into " + c.name());
            Files.createDirectories(c.dataDir());
            procs.user().own(c.dataDir());
            barman.restore(procs, server, id, c.dataDir(), TIMEOUT);
            c.markOwned();
            String settings = prepare.settings(c);
            c.writeConfig(settings + "restore_command = '" + prefetch.start(c.dataDir(), barman.restoreCommand(server)) + "'\n"
                    + (target.settings() == null ? "" : target.settings()));
            Files.writeString(c.dataDir().resolve("recovery.signal"), "");
            procs.user().own(c.dataDir());
            phases.measure("baseBackupBytes", sizeOf(c.dataDir()));
        });
        phases.phase("replay-wal", () -> {
            c.start(TIMEOUT);
            // without a target, recovery replays to the end of the archived WAL and promotes itself
            awaitRecovery(c, target.settings() == null ? PgWait.promoted(c) : PgWait.recoveryTargetReached(c, target.describe()));
            phases.measure("walSegmentsRestored", restoredSegments(procs, c));
            phases.measure("walSegmentsPrefetched", prefetch.fetchedSegments());
        });
        if (target.settings() != null) {
            phases.phase("promote", () -> {
                try (Connection conn = c.connect(); Statement s = conn.createStatement()) {
                    if (isInRecovery(conn)) s.execute("SELECT pg_wal_replay_resume()");
                }
                awaitRecovery(c, PgWait.promoted(c));
            });
        }
        // history files and the probe past the end of the archive, answered without a Python start (the last at promotion)
        phases.measure("walAsksAnswered", prefetch.answeredAsks());
    }

    static boolean isInRecovery(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void awaitRecovery(LocalCluster c, PgWait wait) {
        wait.atMost(TIMEOUT).failFast(() -> !c.isRunning(), () -> c.name() + " stopped during recovery: " + c.whyStopped()).await();
    }

    static long restoredSegments(Processes procs, LocalCluster c) {
        try (var lines = Files.lines(procs.logOf(c.process()))) {
            return lines.filter(l -> l.contains("restored log file") && !l.contains(".history")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    static long sizeOf(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
