package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.DrRegion;
import gameday.harness.s3.Replicator;
import gameday.harness.Endpoint;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Environment;
import gameday.harness.GameDayException;
import gameday.harness.ObjectStore;
import gameday.harness.Progress;
import gameday.harness.Recovery;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.messages.DeleteRequest;
import io.minio.messages.DeleteResult;
import io.minio.Result;
import io.minio.messages.Item;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The embedded environment: a real PostgreSQL server archiving with barman-cloud into an
 * in-process S3 server, all under one directory and one process tree. Credentials are random
 * per environment and handed to child processes through their environment only.
 */
public final class LocalEnvironment implements Environment, ObjectStore {
    static final String BACKUP_BUCKET = "backups";
    static final String APP_BUCKET = "app";
    /** The DR region's buckets: its own names, as another region's account would have. */
    public static final String DR_SUFFIX = "-dr";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String runId;
    private final Path dir;
    private final Path serviceDir;
    private volatile EnvironmentSpec spec; // the bench switches WAL fetch modes between recoveries
    private final PgBinaries bin;
    private final String accessKey;
    private final String secretKey;
    private final String dbPassword = random(16);
    private final S3Server s3; // null when the user gave an external object store
    private final String s3Url;
    /** Empty for the in-process store; on a shared external store, a prefix unique to this environment. */
    private final String bucketPrefix;
    private final MinioClient client;
    private final Processes procs;
    private final Barman barman;
    private final List<LocalCluster> clusters = new ArrayList<>();
    private final LocalCluster primary;
    private final LocalCluster standby;
    private final Endpoint endpoint;
    private final LocalRecovery recovery;
    private final Set<String> ownedBuckets = ConcurrentHashMap.newKeySet();
    private final LocalDrRegion dr;

    LocalEnvironment(String runId, Path dir, EnvironmentSpec spec, Progress progress, S3Target external) throws Exception {
        this.runId = runId;
        this.dir = Files.createDirectories(dir);
        this.spec = spec;
        this.bin = PgBinaries.locate();
        ServiceUser user = ServiceUser.detect();
        // PostgreSQL runs as the service user, which must be able to reach its data directory
        this.serviceDir = user.canReach(dir) ? Files.createDirectories(dir.resolve("pg"))
                : Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + runId, dir.getParent().getFileName() + "-" + dir.getFileName()));
        user.own(serviceDir);
        if (external == null) {
            accessKey = random(10);
            secretKey = random(20);
            s3 = new S3Server(dir.resolve("s3"), accessKey, secretKey);
            s3Url = s3.endpoint();
            bucketPrefix = "";
        } else {
            accessKey = external.accessKey();
            secretKey = external.secretKey();
            s3 = null;
            s3Url = external.url();
            bucketPrefix = "gd-" + random(4) + "-";
        }
        client = MinioClient.builder().endpoint(s3Url).region("us-east-1").credentials(accessKey, secretKey).build();
        if (external != null) external.probe(client);
        for (String b : List.of(backupBucket(), appBucket())) makeBucket(b);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKey);
        env.put("AWS_SECRET_ACCESS_KEY", secretKey);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("PGPASSWORD", dbPassword);
        env.put("HOME", serviceDir.toString());
        procs = new Processes(dir.resolve("logs"), user, env);
        barman = new Barman(s3Url, backupBucket());
        primary = newCluster("pg-main");
        if (spec.clusterTemplate()) primary.cloneTemplate(); else primary.initdb();
        primary.start(START_TIMEOUT);
        LocalCluster s = null;
        try {
            if (spec.replication() != EnvironmentSpec.Replication.NONE) s = startStandby(spec.replication() == EnvironmentSpec.Replication.SYNC);
        } catch (Exception e) {
            close(); // nothing may outlive a failed build: the primary and the S3 server are already up
            throw e;
        }
        standby = s;
        endpoint = new Endpoint(primary, appBucket());
        recovery = new LocalRecovery(this);
        dr = spec.drRegion() ? new LocalDrRegion() : null;
        credentialObserver.accept(List.of(accessKey, secretKey, dbPassword));
    }

    /**
     * Test hook only: sees the random credentials of each new environment, so a test can prove
     * that none of them reaches a journal, log or report. Package-private; does nothing by default.
     */
    static volatile java.util.function.Consumer<List<String>> credentialObserver = c -> {};

    /**
     * A streaming standby as CNPG builds its second instance: pg_basebackup of the primary, then
     * standby.signal and primary_conninfo (the password reaches libpq through PGPASSWORD in the
     * service environment, never a file). Synchronous: commits on the primary wait for its flush.
     */
    private LocalCluster startStandby(boolean synchronous) throws Exception {
        LocalCluster s = newCluster(primary.name() + "-standby");
        procs.run("pg_basebackup-" + s.name(), List.of(bin.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", String.valueOf(primary.port()),
                "-U", "postgres", "-D", s.dataDir().toString(), "-X", "stream", "-c", "fast", "-w"), Duration.ofMinutes(10));
        s.markOwned();
        s.writeConfig("primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=postgres application_name=" + s.name() + "'\n");
        Files.writeString(s.dataDir().resolve("standby.signal"), "");
        procs.user().own(s.dataDir());
        s.start(START_TIMEOUT);
        if (synchronous) {
            primary.writeConfig("synchronous_standby_names = '\"" + s.name() + "\"'\n");
            primary.reload();
        }
        String want = synchronous ? "sync" : "async";
        try {
            Awaitility.await(s.name() + " to stream from " + primary.name() + " (" + want + ")").atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                        try (Connection c = primary.connect(); PreparedStatement ps = c.prepareStatement(
                                "SELECT count(*) FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming' AND sync_state = ?")) {
                            ps.setString(1, s.name());
                            ps.setString(2, want);
                            try (ResultSet rs = ps.executeQuery()) {
                                return rs.next() && rs.getInt(1) == 1;
                            }
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new GameDayException("standby " + s.name() + " did not start streaming (" + want + ") within "
                    + START_TIMEOUT.toSeconds() + " s (see its log in " + procs.logDir() + ")");
        }
        return s;
    }

    @Override
    public java.util.Optional<DatabaseCluster> standby() {
        return java.util.Optional.ofNullable(standby);
    }

    public void makeBucket(String bucket) throws Exception {
        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            ownedBuckets.add(bucket);
        }
    }

    boolean ownsBucket(String bucket) {
        return ownedBuckets.contains(bucket);
    }

    /** Empties and removes a bucket this environment made; writers racing the removal are swept again. */
    void deleteBucket(String bucket) {
        try {
            org.awaitility.Awaitility.await("bucket " + bucket + " to be deleted").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
                        if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) return true;
                        List<DeleteRequest.Object> all = new ArrayList<>();
                        for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build()))
                            all.add(new DeleteRequest.Object(r.get().objectName()));
                        for (Result<DeleteResult.Error> err : client.removeObjects(RemoveObjectsArgs.builder().bucket(bucket).objects(all).build()))
                            err.get(); // the call is lazy: iterating performs it

                        client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build());
                        return true;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new GameDayException("bucket " + bucket + " could not be deleted within 60 s");
        }
    }

    @Override
    public gameday.harness.FaultInjector faults() {
        return new LocalFaultInjector(runId, this);
    }

    @Override
    public Optional<DrRegion> drRegion() {
        return Optional.ofNullable(dr);
    }

    /**
     * The second region on this machine: two buckets replicated from the primary's, and a standby
     * fed from the replicated archive with restore_command, as a CNPG replica cluster whose only
     * source is an object store ({@code externalClusters} with {@code barmanObjectStore}). It is
     * not streaming: the archive is the one link between the regions that the game day can cut.
     */
    private final class LocalDrRegion implements DrRegion {
        private final Barman drBarman = new Barman(s3Url, backupBucket()); // this region's (replicated) backup bucket
        private final Replicator replicator;
        private LocalCluster standby;

        LocalDrRegion() throws Exception {
            makeBucket(backupBucket());
            makeBucket(appBucket());
            // the WAL archive first in each pass: an object a replicated commit references was uploaded before it
            replicator = new Replicator(client, List.of(new Replicator.Pair(LocalEnvironment.this.backupBucket(), backupBucket(), false),
                    new Replicator.Pair(LocalEnvironment.this.appBucket(), appBucket(), true)), Duration.ofMillis(100));
            replicator.start();
        }

        @Override
        public String backupBucket() {
            return LocalEnvironment.this.backupBucket() + DR_SUFFIX;
        }

        @Override
        public String appBucket() {
            return LocalEnvironment.this.appBucket() + DR_SUFFIX;
        }

        @Override
        public Replicator replicator() {
            return replicator;
        }

        @Override
        public synchronized DatabaseCluster standby(Duration timeout) {
            if (standby != null) return standby;
            String source = primary.serverName();
            try {
                LocalCluster c = newCluster("pg-dr", drBarman);
                String backupId = org.awaitility.Awaitility.await("a base backup of " + source + " replicated to " + backupBucket())
                        .atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> drBarman.backups(procs, source).stream().filter(b -> "DONE".equals(b.path("status").asText()))
                                .reduce((a, b) -> b).map(b -> b.path("backup_id").asText()).orElse(null), java.util.Objects::nonNull);
                Files.createDirectories(c.dataDir());
                procs.user().own(c.dataDir());
                drBarman.restore(procs, source, backupId, c.dataDir(), timeout);
                c.markOwned();
                c.writeConfig("restore_command = '" + drBarman.restoreCommand(source) + "'\n"
                        + "wal_retrieve_retry_interval = 1s\n"); // poll the DR archive every second (default 5 s)
                Files.writeString(c.dataDir().resolve("standby.signal"), "");
                procs.user().own(c.dataDir());
                c.start(timeout);
                standby = c;
                return c;
            } catch (GameDayException e) {
                throw e;
            } catch (Exception e) {
                throw new GameDayException("cannot build the DR standby: " + e.getMessage(), e);
            }
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A cluster with a fresh port and data directory path (not yet created). */
    LocalCluster newCluster(String name) throws IOException {
        return newCluster(name, barman);
    }

    /** A cluster that archives with {@code archiver} (another region's bucket). */
    LocalCluster newCluster(String name, Barman archiver) throws IOException {
        for (LocalCluster c : clusters) if (c.name().equals(name)) throw new GameDayException("cluster " + name + " exists already");
        LocalCluster c = new LocalCluster(runId, name, serviceDir.resolve(name), freePort(), dbPassword, bin, procs, archiver, spec.archiveTimeout());
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
        return s3Url;
    }

    @Override
    public MinioClient client() {
        return client;
    }

    @Override
    public String backupBucket() {
        return bucketPrefix + BACKUP_BUCKET;
    }

    @Override
    public String appBucket() {
        return bucketPrefix + APP_BUCKET;
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("substrate", "local");
        f.put("postgres", bin.bindir().toString());
        f.put("postgresVersion", Processes.firstLine(bin.tool("postgres"), "--version"));
        f.put("barmanVersion", Processes.firstLine("barman-cloud-backup", "--version"));
        f.put("serviceUser", procs.user().name());
        f.put("objectStore", s3 != null ? "s3proxy (in-process, filesystem)" : "external S3 at " + s3Url);
        f.put("archiveTimeoutSeconds", spec.archiveTimeout().toSeconds());
        if (dr != null) f.put("drRegion", "buckets " + dr.backupBucket() + ", " + dr.appBucket() + "; standby fed from the DR archive");
        f.put("replication", spec.replication().name().toLowerCase());
        return f;
    }


    @Override
    public void close() {
        if (dr != null) dr.replicator().stop();
        for (LocalCluster c : clusters) {
            try {
                c.stop(Duration.ofSeconds(30));
            } catch (RuntimeException e) {
                c.kill();
            }
        }
        if (procs != null) procs.close();
        if (s3 == null) {
            // a shared external store keeps nothing of ours: remove the buckets this environment made
            for (String b : List.copyOf(ownedBuckets)) {
                try {
                    deleteBucket(b);
                } catch (RuntimeException ignored) {
                    // best effort; the names carry the prefix, so they are recognisable
                }
            }
        } else {
            try {
                s3.close();
            } catch (Exception ignored) {
                // the server is in-process; the JVM exit reaps it anyway
            }
        }
        if (!serviceDir.startsWith(dir)) gameday.harness.run.Reaper.deleteTree(serviceDir.getParent());
    }
}
