package gameday.harness.drill;

import gameday.harness.GameDayException;
import gameday.harness.check.ConsistencyChecker;
import gameday.harness.check.RestoredState;
import gameday.harness.check.Verdict;
import io.minio.MinioClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Function;

/**
 * Database ↔ bucket for a drill ({@code --objects TABLE:KEY[:SIZE[:SHA256]] --objects-bucket s3://B/P}):
 * the game days' one-pass merge of the restored table against the application bucket, read-only.
 * With a SHA-256 column every object is hashed, or {@code deepSample} of them.
 */
public record ObjectsCheck(String database, String table, String keyColumn, String sizeColumn, String shaColumn, String bucket, String prefix,
                           Integer deepSample) {
    private static final String IDENT = "[A-Za-z_][A-Za-z0-9_$]*";

    public static ObjectsCheck parse(String database, String spec, String bucketUrl, Integer deepSample) {
        String[] p = spec.split(":", -1);
        if (p.length < 2 || p.length > 4) throw new GameDayException("--objects '" + spec + "' is not TABLE:KEY_COLUMN[:SIZE_COLUMN[:SHA256_COLUMN]]");
        if (!p[0].matches(IDENT + "(\\." + IDENT + ")?")) throw new GameDayException("--objects: '" + p[0] + "' is not a table name");
        for (int i = 1; i < p.length; i++)
            if (!p[i].matches(IDENT)) throw new GameDayException("--objects: '" + p[i] + "' is not a column name");
        if (bucketUrl == null || !bucketUrl.startsWith("s3://") || bucketUrl.length() <= 5)
            throw new GameDayException("--objects needs --objects-bucket s3://BUCKET[/PREFIX]");
        if (deepSample != null && deepSample < 1) throw new GameDayException("--deep-sample must be at least 1");
        String rest = bucketUrl.substring(5).replaceAll("/+$", "");
        int slash = rest.indexOf('/');
        return new ObjectsCheck(database, p[0], p[1], p.length > 2 ? p[2] : null, p.length > 3 ? p[3] : null, slash < 0 ? rest : rest.substring(0, slash),
                slash < 0 ? "" : rest.substring(slash + 1) + "/", deepSample);
    }

    private static String q(String ident) {
        StringBuilder b = new StringBuilder();
        for (String part : ident.split("\\.")) b.append(b.length() == 0 ? "" : ".").append('"').append(part).append('"');
        return b.toString();
    }

    public Verdict run(Connection c, MinioClient client) throws Exception {
        String sql = "SELECT " + q(keyColumn) + "::text, " + (sizeColumn == null ? "-1" : q(sizeColumn) + "::bigint") + ", "
                + (shaColumn == null ? "NULL" : q(shaColumn) + "::text") + ", false FROM " + q(table) + " ORDER BY " + q(keyColumn) + "::text COLLATE \"C\"";
        Function<String, String> sha = null;
        if (shaColumn != null) {
            long rows = 0;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + q(table))) {
                if (rs.next()) rows = rs.getLong(1);
            }
            long stride = deepSample == null ? 1 : Math.max(1, rows / deepSample);
            long[] seen = {0, 0};
            sha = key -> {
                // every stride-th object, at most deepSample of them
                if (seen[0]++ % stride != 0 || (deepSample != null && seen[1] >= deepSample)) return null;
                seen[1]++;
                return RestoredState.sha256Of(client, bucket, prefix + key);
            };
        }
        Verdict v = RestoredState.consistency(c, sql, RestoredState.listing(client, bucket, prefix), sha);
        v.figures().put("table", table);
        v.figures().put("bucket", "s3://" + bucket + "/" + prefix);
        if (deepSample != null) v.figures().put("deepSample", deepSample);
        return v;
    }

    /** Names the check's verdict like the game days' one. */
    public static final String NAME = ConsistencyChecker.NAME;
}
