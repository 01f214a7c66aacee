package gameday.harness.bench;

import gameday.harness.EnvironmentSpec;
import gameday.harness.check.ConsistencyChecker;
import gameday.harness.check.ConsistencyChecker.Row;
import gameday.harness.check.ConsistencyChecker.StoredObject;
import gameday.harness.check.RestoredState;
import gameday.harness.check.Verdict;
import gameday.harness.local.LocalEnvironment;
import gameday.harness.local.LocalBench;
import gameday.harness.workload.Workload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The consistency checker: the one-pass merge alone on sorted in-memory streams, and end to
 * end on a real bucket and database, with the database read and the listing also timed alone
 * so the report says where the time goes.
 */
final class CheckerBench {
    private static final int OBJECT_BYTES = 100;
    private final BenchOptions o;
    private final Recorder rec;
    private final Consumer<String> log;

    CheckerBench(BenchOptions o, Recorder rec, Consumer<String> log) {
        this.o = o;
        this.rec = rec;
        this.log = log;
    }

    void run() throws Exception {
        int n = o.checkerObjects();
        for (int i = 1; i <= o.repeats(); i++) {
            log.accept("checker merge of " + n + " rows and objects, repeat " + i);
            long t0 = System.nanoTime();
            // every 1000th object missing, so the merge does the dangling bookkeeping too
            Verdict v = ConsistencyChecker.check(sorted(n, k -> new Row(k, OBJECT_BYTES, k, false)),
                    filter(sorted(n, k -> new StoredObject(k, OBJECT_BYTES))), null);
            rec.add("checker.merge.objectsPerSecond", "objects/s", n / RecoveryBench.secondsSince(t0));
            if (((Number) v.figures().get("dangling")).longValue() != n / 1000) throw new IllegalStateException("merge miscounted: " + v.figures());
        }
        rec.note("checker.merge.objectsPerSecond", n + " rows against " + (n - n / 1000) + " objects from sorted in-memory iterators");
        endToEnd();
    }

    private static <T> Iterator<T> sorted(int n, java.util.function.Function<String, T> make) {
        return new Iterator<>() {
            int i;

            public boolean hasNext() {
                return i < n;
            }

            public T next() {
                return make.apply(key(i++));
            }
        };
    }

    /** A 64-hex key whose order is the index order, like the sha256 keys. */
    static String key(long i) {
        return "000000000000000000000000000000000000000000000000" + HexFormat.of().toHexDigits(i);
    }

    private static Iterator<StoredObject> filter(Iterator<StoredObject> all) {
        return new Iterator<>() {
            long i;
            StoredObject next = advance();

            private StoredObject advance() {
                while (all.hasNext()) {
                    StoredObject o = all.next();
                    if (++i % 1000 != 0) return o;
                }
                return null;
            }

            public boolean hasNext() {
                return next != null;
            }

            public StoredObject next() {
                StoredObject o = next;
                next = advance();
                return o;
            }
        };
    }

    /**
     * The bucket's files are written straight into the S3 server's filesystem backend: PUTting
     * 50k objects one by one would take minutes of setup and is not what is measured here.
     */
    private void endToEnd() throws Exception {
        int n = o.bucketObjects();
        Path dir = o.workDir().resolve("checker");
        try (LocalEnvironment env = LocalBench.create(dir, EnvironmentSpec.DEFAULT)) {
            log.accept("end-to-end check on a bucket of " + n + " objects");
            try (Connection c = env.primary().connect(); Statement s = c.createStatement()) {
                Workload.applySchema(c);
                s.execute("INSERT INTO objects(key, size, sha256) SELECT k, " + OBJECT_BYTES + ", k FROM (SELECT "
                        + "lpad(to_hex(g), 64, '0') k FROM generate_series(0, " + (n - 1) + ") g) x");
            }
            Path bucket = dir.resolve("s3").resolve(env.objectStore().appBucket());
            byte[] bytes = "x".repeat(OBJECT_BYTES).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < n; i++) Files.write(bucket.resolve(key(i)), bytes);
            for (int i = 1; i <= o.repeats(); i++) {
                long t0 = System.nanoTime();
                Verdict v = RestoredState.consistency(env.primary(), env.objectStore(), env.objectStore().appBucket(), false);
                rec.add("checker.endToEnd.objectsPerSecond", "objects/s", n / RecoveryBench.secondsSince(t0));
                if (!v.valid()) throw new IllegalStateException("end-to-end check not clean: " + v.figures());
                t0 = System.nanoTime();
                long rows = readRows(env);
                rec.add("checker.dbRead.objectsPerSecond", "rows/s", rows / RecoveryBench.secondsSince(t0));
                t0 = System.nanoTime();
                long listed = 0;
                for (Iterator<StoredObject> it = RestoredState.listing(env.objectStore().client(), env.objectStore().appBucket(), ""); it.hasNext(); it.next()) listed++;
                rec.add("checker.listing.objectsPerSecond", "objects/s", listed / RecoveryBench.secondsSince(t0));
            }
        }
        rec.compare("checker.endToEnd.objectsPerSecond", "checker.dbRead.objectsPerSecond", "checker.listing.objectsPerSecond",
                "checker.merge.objectsPerSecond");
        rec.note("checker.endToEnd.objectsPerSecond", n + " rows and " + n + " objects (S3 listing pages of 1000)");
    }

    private static long readRows(LocalEnvironment env) throws Exception {
        try (Connection c = env.primary().connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(10_000);
                long n = 0;
                try (ResultSet rs = s.executeQuery("SELECT key, size, sha256, deleted_at IS NOT NULL FROM objects ORDER BY key COLLATE \"C\"")) {
                    while (rs.next()) {
                        rs.getString(1);
                        n++;
                    }
                }
                c.rollback();
                return n;
            }
        }
    }
}
