package gameday.harness.local;

import gameday.harness.run.Reaper;
import gameday.harness.run.RunId;
import gameday.harness.s3.Secrets;
import gameday.harness.s3.Sha256;
import io.minio.CopyObjectArgs;
import io.minio.SourceObject;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A stand-in for a team's real archive, for the drill's tests and bench: its own S3 server with
 * its own credentials, and a PostgreSQL server archiving with barman-cloud as CloudNativePG does,
 * under destinationPath {@code s3://team-backups/pg} and server name {@code team-db}. The
 * application writes rows into {@code app.app_rows} and content-addressed objects into bucket
 * {@code team-app} with their rows in {@code app.objects}. A plain script, not a game day.
 */
public final class TeamArchive implements AutoCloseable {
    public static final String BACKUP_BUCKET = "team-backups", PATH = "pg", SERVER = "team-db", APP_BUCKET = "team-app";
    private final String accessKey = Secrets.randomHex(10), secretKey = Secrets.randomHex(20);
    private final S3Server s3;
    private final MinioClient client;
    private final Processes procs;
    private final LocalCluster db;
    private final Path serviceDir;
    private final boolean inTmp;

    public TeamArchive(Path dir) throws Exception {
        String runId = RunId.next();
        s3 = new S3Server(dir.resolve("s3"), accessKey, secretKey);
        client = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1").credentials(accessKey, secretKey).build();
        for (String b : List.of(BACKUP_BUCKET, APP_BUCKET)) client.makeBucket(MakeBucketArgs.builder().bucket(b).build());
        ServiceUser user = ServiceUser.detect();
        inTmp = !user.canReach(dir);
        serviceDir = !inTmp ? Files.createDirectories(dir.resolve("pg"))
                : Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + runId, "team"));
        user.own(serviceDir);
        String password = Secrets.randomHex(16);
        Map<String, String> env = new LinkedHashMap<>(credentials());
        env.put("PGPASSWORD", password);
        env.put("HOME", serviceDir.toString());
        procs = new Processes(dir.resolve("logs").toAbsolutePath(), user, env);
        db = new LocalCluster(runId, SERVER, serviceDir.resolve(SERVER), LocalEnvironment.freePort(), password, PgBinaries.locate(), procs,
                new Barman(s3.endpoint(), BACKUP_BUCKET + "/" + PATH), Duration.ofSeconds(60));
        db.initdb();
        db.start(LocalEnvironment.START_TIMEOUT);
        sql("postgres", "CREATE DATABASE app");
        sql("app", "CREATE TABLE app_rows(id bigserial PRIMARY KEY, batch int, payload text);"
                + "CREATE TABLE objects(key text PRIMARY KEY, size bigint, sha256 text, created_at timestamptz DEFAULT now())");
    }

    /** The fixture's credentials as the AWS chain reads them from the environment. */
    public Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey, "AWS_DEFAULT_REGION", "us-east-1");
    }

    public List<String> secrets() {
        return List.of(accessKey, secretKey);
    }

    public String endpoint() {
        return s3.endpoint();
    }

    public MinioClient client() {
        return client;
    }

    Processes processes() {
        return procs;
    }

    Path serviceDir() {
        return serviceDir;
    }

    public LocalCluster cluster() {
        return db;
    }

    /** Inserts {@code n} rows of batch {@code batch} in one transaction; returns the server's clock just after the commit. */
    public Instant rows(int batch, int n) throws Exception {
        sql("app", "INSERT INTO app_rows(batch, payload) SELECT " + batch + ", repeat(md5(g::text), 8) FROM generate_series(1, " + n + ") g");
        return now();
    }

    /** The server's clock: recovery targets are read from it. */
    public Instant now() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    /** Uploads {@code n} objects (key = SHA-256 of the bytes) and commits their rows. */
    public void objects(int n, String seed) throws Exception {
        try (Connection c = db.connect("app"); PreparedStatement ps = c.prepareStatement("INSERT INTO objects(key, size, sha256) VALUES (?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                byte[] bytes = (seed + "-" + i + "-").repeat(50 + i).getBytes();
                String key = Sha256.of(bytes);
                client.putObject(PutObjectArgs.builder().bucket(APP_BUCKET).object(key).stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
                ps.setString(1, key);
                ps.setLong(2, bytes.length);
                ps.setString(3, key);
                ps.executeUpdate();
            }
        }
    }

    /** Takes a base backup and returns its id (barman's folder under base/, not the name it was given). */
    public String backup() throws Exception {
        TreeSet<String> before = backupIds();
        db.backup(Duration.ofMinutes(10));
        TreeSet<String> after = backupIds();
        after.removeAll(before);
        return after.first();
    }

    private TreeSet<String> backupIds() throws Exception {
        TreeSet<String> ids = new TreeSet<>();
        String base = PATH + "/" + SERVER + "/base/";
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(BACKUP_BUCKET).prefix(base).recursive(true).build())) {
            String rest = r.get().objectName().substring(base.length());
            ids.add(rest.substring(0, rest.indexOf('/')));
        }
        return ids;
    }

    /** Switches WAL and waits until the segment is archived: everything so far is recoverable. */
    public void archived() {
        archived(Duration.ofSeconds(60));
    }

    /** As {@link #archived()}, for an archiver that has many segments to catch up on. */
    public void archived(Duration timeout) {
        db.switchWalAndAwaitArchived(timeout);
    }

    public long count(String sql) throws Exception {
        try (Connection c = db.connect("app"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void sql(String database, String sql) throws Exception {
        try (Connection c = db.connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The primary stops; the archive no longer changes. */
    public void stop() {
        db.stop(Duration.ofSeconds(60));
    }

    /** Every object of a bucket as key, size and ETag: the set a read-only drill must leave unchanged. */
    public TreeSet<String> snapshot(String bucket) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
            Item i = r.get();
            out.add(i.objectName() + " " + i.size() + " " + i.etag());
        }
        return out;
    }

    /** A server-side copy of a bucket, where a test plants a defect without touching the original. */
    public void copyBucket(String from, String to) throws Exception {
        client.makeBucket(MakeBucketArgs.builder().bucket(to).build());
        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(from).recursive(true).build())) {
            String key = r.get().objectName();
            client.copyObject(CopyObjectArgs.builder().bucket(to).object(key).source(SourceObject.builder().bucket(from).object(key).build()).build());
        }
    }

    @Override
    public void close() throws Exception {
        try {
            db.stop(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            db.kill();
        }
        procs.close();
        s3.close();
        Reaper.deleteTree(inTmp ? serviceDir.getParent() : serviceDir);
    }
}
