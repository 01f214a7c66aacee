package gameday.harness.check;

import gameday.harness.DatabaseCluster;
import gameday.harness.ObjectStore;

import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The seed runbook's "Verifying backup health", as code, to catch silent backup failures:
 * <ol>
 * <li>age of the last successful base backup ({@code lastSuccessfulBackup});</li>
 * <li>continuous archiving from {@code pg_stat_archiver}: failing when the last failure is newer
 *     than the last success (CNPG's {@code ContinuousArchiving} condition); {@code failed_count = 0}
 *     alone says nothing about lag, so</li>
 * <li>the newest WAL segment in the bucket against the segment the server is writing: more than
 *     one completed segment missing from the archive is lag or breakage, whatever the archiver says.</li>
 * </ol>
 * Everything is read from the server's SQL and the bucket listing, so it works on any substrate.
 */
public final class BackupHealth {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}(\\.(gz|bz2|xz|snappy|lz4|zst))?");

    public record Report(Instant checkedAt, Duration lastBackupAge, boolean archiverFailing, String currentWal,
                         String newestArchivedWal, long segmentsBehind, List<String> problems) {
        public boolean healthy() {
            return problems.isEmpty();
        }
    }

    private final DatabaseCluster cluster;
    private final ObjectStore store;
    private final String bucket;
    private final Duration maxBackupAge;

    /** @param maxBackupAge how old the newest base backup may be (the seed's schedule is daily) */
    public BackupHealth(DatabaseCluster cluster, ObjectStore store, String bucket, Duration maxBackupAge) {
        this.cluster = cluster;
        this.store = store;
        this.bucket = bucket;
        this.maxBackupAge = maxBackupAge;
    }

    public Report check() {
        List<String> problems = new ArrayList<>();
        Instant now = Instant.now();
        Instant last = cluster.lastSuccessfulBackup();
        Duration age = last == null ? null : Duration.between(last, now);
        if (age == null) problems.add("no successful base backup");
        else if (age.compareTo(maxBackupAge) > 0) problems.add("last base backup is " + age.toSeconds() + " s old (max " + maxBackupAge.toSeconds() + " s)");
        boolean failing = false;
        String current = null;
        try (Connection c = cluster.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT failed_count, last_failed_time, last_archived_time, last_failed_wal, pg_walfile_name(pg_current_wal_lsn()) FROM pg_stat_archiver")) {
            rs.next();
            Timestamp failed = rs.getTimestamp(2), archived = rs.getTimestamp(3);
            failing = failed != null && (archived == null || failed.after(archived));
            if (failing) problems.add("continuous archiving is failing: " + rs.getLong(1) + " failures, last on " + rs.getString(4));
            current = rs.getString(5);
        } catch (Exception e) {
            problems.add("cannot read pg_stat_archiver: " + e.getMessage());
        }
        String newest = null;
        long behind = -1;
        try {
            newest = newestArchivedSegment();
            if (newest == null) problems.add("no WAL in the archive");
            else if (current != null) {
                behind = segmentNumber(current) - segmentNumber(newest) - 1;
                if (behind > 1) problems.add(behind + " completed WAL segments are not in the archive (newest there " + newest + ", writing " + current + ")");
            }
        } catch (Exception e) {
            problems.add("cannot list the WAL archive in bucket " + bucket + ": " + e.getMessage());
        }
        return new Report(now, age, failing, current, newest, behind, List.copyOf(problems));
    }

    private String newestArchivedSegment() throws Exception {
        String newest = null;
        String prefix = cluster.serverName() + "/wals/";
        for (Result<Item> r : store.client().listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
            String name = r.get().objectName();
            name = name.substring(name.lastIndexOf('/') + 1);
            if (!SEGMENT.matcher(name).matches()) continue; // .history, .backup, .partial
            name = name.substring(0, 24);
            if (newest == null || name.substring(8).compareTo(newest.substring(8)) > 0) newest = name;
        }
        return newest;
    }

    /** Position of a 16 MB segment in the WAL stream, ignoring the timeline. */
    static long segmentNumber(String walFile) {
        return Long.parseLong(walFile.substring(8, 16), 16) * 0x100 + Long.parseLong(walFile.substring(16, 24), 16);
    }
}
