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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Backup health as the server and the bucket tell it, the local substrate's source: the cluster's
 * last successful backup, {@code pg_stat_archiver} (failing when the last failure is newer than the
 * last success, as CNPG's {@code ContinuousArchiving} condition; {@code failed_count = 0} alone says
 * nothing about lag), the segment being written, and the bucket listing. Only SQL and S3, so it
 * works wherever the server answers SQL.
 */
public final class PostgresBackupSource implements BackupHealth.Source {
    private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}(\\.(gz|bz2|xz|snappy|lz4|zst))?");

    private final DatabaseCluster cluster;
    private final ObjectStore store;
    private final String bucket;

    public PostgresBackupSource(DatabaseCluster cluster, ObjectStore store, String bucket) {
        this.cluster = cluster;
        this.store = store;
        this.bucket = bucket;
    }

    @Override
    public BackupHealth.Signals read() {
        List<String> unreadable = new ArrayList<>();
        Instant last = cluster.lastSuccessfulBackup();
        String archiving = null, current = null;
        long segSize = 0;
        try (Connection c = cluster.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT failed_count, last_failed_time, last_archived_time, last_failed_wal, pg_walfile_name(pg_current_wal_lsn()),"
                        + " (SELECT setting::bigint FROM pg_settings WHERE name = 'wal_segment_size') FROM pg_stat_archiver")) {
            rs.next();
            Timestamp failed = rs.getTimestamp(2), archived = rs.getTimestamp(3);
            if (failed != null && (archived == null || failed.after(archived)))
                archiving = "continuous archiving is failing: " + rs.getLong(1) + " failures, last on " + rs.getString(4);
            current = rs.getString(5);
            segSize = rs.getLong(6);
        } catch (Exception e) {
            unreadable.add("cannot read pg_stat_archiver: " + e.getMessage());
        }
        BackupHealth.Archive archive = null;
        try {
            archive = archive();
        } catch (Exception e) {
            unreadable.add("cannot list the WAL archive in bucket " + bucket + ": " + e.getMessage());
        }
        return new BackupHealth.Signals(last, "DatabaseCluster.lastSuccessfulBackup", archiving, current, segSize, archive, List.copyOf(unreadable));
    }

    private BackupHealth.Archive archive() throws Exception {
        Instant newestBase = null, newestWal = null;
        String newestSegment = null;
        for (Result<Item> r : store.client().listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(cluster.serverName() + "/").recursive(true).build())) {
            Item i = r.get();
            String path = i.objectName().substring(cluster.serverName().length() + 1);
            Instant t = i.lastModified().toInstant();
            if (path.startsWith("base/")) newestBase = newer(newestBase, t);
            if (!path.startsWith("wals/")) continue;
            newestWal = newer(newestWal, t);
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (!SEGMENT.matcher(name).matches()) continue; // .history, .backup, .partial
            name = name.substring(0, 24);
            if (newestSegment == null || name.substring(8).compareTo(newestSegment.substring(8)) > 0) newestSegment = name;
        }
        return new BackupHealth.Archive(newestBase, newestWal, newestSegment);
    }

    private static Instant newer(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
