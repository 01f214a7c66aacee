package gameday.harness.check;

import gameday.harness.DatabaseCluster;
import gameday.harness.ObjectStore;
import gameday.harness.s3.Sha256;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import java.util.function.Function;
import io.minio.Result;
import io.minio.messages.Item;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/** Reads the restored state the checkers compare against: never what the recovery believes it did. */
public final class RestoredState {
    private RestoredState() {}

    /**
     * Every write identity present in the cluster, as {@code row/<id>}, {@code object/<key>} and,
     * for a soft delete, {@code delete/<key>}; a missing table reads as empty.
     */
    public static Set<String> refs(DatabaseCluster cluster) throws SQLException {
        Set<String> refs = new HashSet<>();
        try (Connection c = cluster.connect()) {
            collect(c, "events", "SELECT id FROM events", "row/", refs);
            collect(c, "objects", "SELECT key FROM objects", "object/", refs);
            collect(c, "objects", "SELECT key FROM objects WHERE deleted_at IS NOT NULL", "delete/", refs);
        }
        return refs;
    }

    private static void collect(Connection c, String table, String sql, String prefix, Set<String> into) throws SQLException {
        if (!tableExists(c, table)) return;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) into.add(prefix + rs.getString(1));
        }
    }

    public static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Runs the DB ↔ bucket check, streaming rows with a cursor and the bucket listing page by page. */
    public static Verdict consistency(DatabaseCluster cluster, ObjectStore store, String bucket, boolean deep) throws Exception {
        try (Connection c = cluster.connect()) {
            if (!tableExists(c, "objects")) return Verdict.unknown(ConsistencyChecker.NAME, "the objects table is missing in " + cluster.name());
            return consistency(c, "SELECT key, size, sha256, deleted_at IS NOT NULL FROM objects ORDER BY key COLLATE \"C\"",
                    listing(store.client(), bucket, ""), deep ? key -> sha256Of(store.client(), bucket, key) : null);
        }
    }

    /**
     * The merge over any table: {@code sql} returns key, size (below 0: not recorded), sha256 (null:
     * not recorded) and a soft-deleted flag, ordered by key in byte order.
     */
    public static Verdict consistency(Connection c, String sql, Iterator<ConsistencyChecker.StoredObject> objects, Function<String, String> contentSha)
            throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false); // a cursor streams only inside a transaction
        try (Statement s = c.createStatement()) {
            s.setFetchSize(10_000);
            try (ResultSet rs = s.executeQuery(sql)) {
                Iterator<ConsistencyChecker.Row> rows = new Iterator<>() {
                    Boolean has;

                    @Override
                    public boolean hasNext() {
                        try {
                            if (has == null) has = rs.next();
                            return has;
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public ConsistencyChecker.Row next() {
                        hasNext();
                        has = null;
                        try {
                            return new ConsistencyChecker.Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBoolean(4));
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                };
                return ConsistencyChecker.check(rows, objects, contentSha);
            }
        } finally {
            c.rollback();
            c.setAutoCommit(auto);
        }
    }

    /** The objects under {@code prefix}, keys without it, in the listing's (byte) order. */
    public static Iterator<ConsistencyChecker.StoredObject> listing(MinioClient client, String bucket, String prefix) {
        Iterator<Result<Item>> it = client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build()).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public ConsistencyChecker.StoredObject next() {
                try {
                    Item i = it.next().get();
                    return new ConsistencyChecker.StoredObject(i.objectName().substring(prefix.length()), i.size());
                } catch (Exception e) {
                    throw new IllegalStateException("cannot list bucket " + bucket + ": " + e.getMessage(), e);
                }
            }
        };
    }

    public static String sha256Of(MinioClient client, String bucket, String key) {
        try {
            return Sha256.ofObject(client, bucket, key);
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
