package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.Endpoint;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Environment;
import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
import gameday.harness.Processes;
import gameday.harness.Progress;
import gameday.harness.Recovery;
import gameday.harness.ServiceUser;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded environment: a real PostgreSQL server archiving with barman-cloud into an
 * in-process S3 server, all under one directory and one process tree. Credentials are random
 * per environment and handed to child processes through their environment only.
 */
public final class LocalEnvironment implements Environment, ObjectStore {
    public static final String BACKUP_BUCKET = "backups";
    public static final String APP_BUCKET = "app";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String runId;
    private final Path dir;
    private final Path serviceDir;
    private volatile EnvironmentSpec spec; // the bench switches WAL fetch modes between recoveries
    private final PgBinaries bin;
    private final String accessKey = random(10);
    private final String secretKey = random(20);
    private final String dbPassword = random(16);
    private final S3Server s3;
    private final MinioClient client;
    private final Processes procs;
    private final Barman barman;
    private final List<LocalCluster> clusters = new ArrayList<>();
    private final LocalCluster primary;
    private final Endpoint endpoint;
    private final LocalRecovery recovery;

    LocalEnvironment(String runId, Path dir, EnvironmentSpec spec, Progress progress) throws Exception {
        this.runId = runId;
        this.dir = Files.createDirectories(dir);
        this.spec = spec;
        this.bin = PgBinaries.locate();
        ServiceUser user = ServiceUser.detect();
        // PostgreSQL runs as the service user, which must be able to reach its data directory
        this.serviceDir = user.canReach(dir) ? Files.createDirectories(dir.resolve("pg"))
                : Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + runId, dir.getParent().getFileName() + "-" + dir.getFileName()));
        user.own(serviceDir);
        s3 = new S3Server(dir.resolve("s3"), accessKey, secretKey);
        client = MinioClient.builder().endpoint(s3.endpoint()).region("us-east-1").credentials(accessKey, secretKey).build();
        for (String b : List.of(BACKUP_BUCKET, APP_BUCKET)) makeBucket(b);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("PGPASSWORD", dbPassword);
        env.put("HOME", serviceDir.toString());
        procs = new Processes(dir.resolve("logs"), user, env);
        barman = new Barman(s3.endpoint(), BACKUP_BUCKET);
        primary = newCluster("pg-main");
        if (spec.clusterTemplate()) primary.cloneTemplate(); else primary.initdb();
        primary.start(START_TIMEOUT);
        endpoint = new Endpoint(primary, APP_BUCKET);
        recovery = new LocalRecovery(this);
    }

    public void makeBucket(String bucket) throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()))
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A cluster with a fresh port and data directory path (not yet created). */
    LocalCluster newCluster(String name) throws IOException {
        for (LocalCluster c : clusters) if (c.name().equals(name)) throw new GameDayException("cluster " + name + " exists already");
        LocalCluster c = new LocalCluster(runId, name, serviceDir.resolve(name), freePort(), dbPassword, bin, procs, barman, spec.archiveTimeout());
        clusters.add(c);
        return c;
    }

    List<LocalCluster> clusters() {
        return clusters;
    }

    String runId() {
        return runId;
    }

    Processes processes() {
        return procs;
    }

    Barman barman() {
        return barman;
    }

    EnvironmentSpec spec() {
        return spec;
    }

    void spec(EnvironmentSpec spec) {
        this.spec = spec;
    }

    Path serviceDir() {
        return serviceDir;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public String name() {
        return dir.getFileName().toString();
    }

    @Override
    public DatabaseCluster primary() {
        return primary;
    }

    @Override
    public ObjectStore objectStore() {
        return this;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public String url() {
        return s3.endpoint();
    }

    @Override
    public MinioClient client() {
        return client;
    }

    @Override
    public String backupBucket() {
        return BACKUP_BUCKET;
    }

    @Override
    public String appBucket() {
        return APP_BUCKET;
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("substrate", "local");
        f.put("postgres", bin.bindir().toString());
        f.put("serviceUser", procs.user().name());
        f.put("objectStore", "s3proxy (in-process, filesystem)");
        f.put("archiveTimeoutSeconds", spec.archiveTimeout().toSeconds());
        return f;
    }

    @Override
    public void close() {
        for (LocalCluster c : clusters) {
            try {
                c.stop(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                c.kill();
            }
        }
        procs.close();
        try {
            s3.close();
        } catch (Exception ignored) {
            // the server is in-process; the JVM exit reaps it anyway
        }
        if (!serviceDir.startsWith(dir)) gameday.harness.Reaper.deleteTree(serviceDir.getParent());
    }
}
