package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.DrRegion;
import gameday.harness.Endpoint;
import gameday.harness.Environment;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.FaultInjector;
import gameday.harness.ObjectStore;
import gameday.harness.Progress;
import gameday.harness.Recovery;
import gameday.harness.run.Reaper;
import gameday.harness.s3.Secrets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded environment: a real PostgreSQL server archiving with barman-cloud into an
 * in-process S3 server, all under one directory and one process tree. Credentials are random
 * per environment and handed to child processes through their environment only. This class
 * assembles the parts: the {@link LocalObjectStore}, the clusters (a standby from
 * {@link StandbyBuilder}), the {@link LocalDrRegion} and the {@link LocalRecovery}.
 */
public final class LocalEnvironment implements Environment {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String runId;
    private final Path dir;
    private final Path serviceDir;
    private volatile EnvironmentSpec spec; // the bench switches WAL fetch modes between recoveries
    private final PgBinaries bin;
    private final String dbPassword = Secrets.randomHex(16);
    private final LocalObjectStore store;
    private final Processes procs;
    private final Barman barman;
    private final List<LocalCluster> clusters = new ArrayList<>();
    private final LocalCluster primary;
    private final LocalCluster standby;
    private final Endpoint endpoint;
    private final LocalRecovery recovery;
    private final LocalDrRegion dr;
    private final Map<String, String> serviceEnv;
    private final LocalRunbookSite runbookSite = new LocalRunbookSite(this);
    private final GoldenSteadyState golden; // null when this environment built its own steady state

    LocalEnvironment(String runId, Path dir, EnvironmentSpec spec, Progress progress, S3Target external) throws Exception {
        this.runId = runId;
        this.dir = Files.createDirectories(dir);
        this.spec = spec;
        this.bin = PgBinaries.locate();
        ServiceUser user = ServiceUser.detect();
        // PostgreSQL runs as the service user, which must be able to reach its data directory
        this.serviceDir = user.canReach(dir) ? Files.createDirectories(dir.resolve("pg"))
                : serviceDirInTmp(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + runId), dir.getParent().getFileName() + "-" + dir.getFileName());
        user.own(serviceDir);
        store = new LocalObjectStore(dir.resolve("s3"), external);
        Map<String, String> env = new LinkedHashMap<>();
        store.exportTo(env);
        env.put("PGPASSWORD", dbPassword);
        env.put("HOME", serviceDir.toString());
        serviceEnv = Map.copyOf(env);
        procs = new Processes(dir.resolve("logs"), user, env);
        barman = new Barman(store.url(), store.backupBucket()).withBackup(spec.backupJobs(), spec.backupCompression());
        primary = newCluster(GoldenSteadyState.PRIMARY);
        try {
            golden = GoldenSteadyState.appliesTo(spec, external) ? GoldenSteadyState.obtain(spec) : null;
            if (golden != null) golden.cloneInto(primary, store);
            else if (spec.clusterTemplate()) primary.cloneTemplate();
            else primary.initdb();
            primary.start(START_TIMEOUT);
        } catch (Exception e) {
            close(); // the S3 server is already up
            throw e;
        }
        LocalCluster s = null;
        try {
            if (spec.replication() != EnvironmentSpec.Replication.NONE) s = StandbyBuilder.start(this, primary, spec.replication() == EnvironmentSpec.Replication.SYNC);
        } catch (Exception e) {
            close(); // nothing may outlive a failed build: the primary and the S3 server are already up
            throw e;
        }
        standby = s;
        endpoint = new Endpoint(primary, store.appBucket());
        recovery = new LocalRecovery(this);
        dr = spec.drRegion() ? new LocalDrRegion(this, store) : null;
        credentialObserver.accept(List.of(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), dbPassword));
    }

    /**
     * Test hook only: sees the random credentials of each new environment, so a test can prove
     * that none of them reaches a journal, log or report. Package-private; does nothing by default.
     */
    static volatile Consumer<List<String>> credentialObserver = c -> {};

    @Override
    public Optional<String> clonedBaseBackup() {
        return golden == null ? Optional.empty() : Optional.of(golden.backupName());
    }

    /** The database password, for the golden steady state a clone starts with. */
    String dbPassword() {
        return dbPassword;
    }

    @Override
    public Optional<DatabaseCluster> standby() {
        return Optional.ofNullable(standby);
    }

    @Override
    public FaultInjector faults() {
        return new LocalFaultInjector(runId, this);
    }

    @Override
    public Optional<gameday.harness.run.RecoveryCommand.Site> commandSite() {
        return Optional.of(runbookSite);
    }

    /** What every service process gets in its environment: the object store's credentials, the database password. */
    Map<String, String> serviceEnv() {
        return serviceEnv;
    }

    @Override
    public Optional<DrRegion> drRegion() {
        return Optional.ofNullable(dr);
    }

    /** A cluster with a fresh port and data directory path (not yet created). */
    LocalCluster newCluster(String name) throws IOException {
        return newCluster(name, barman);
    }

    /** A cluster that archives with {@code archiver} (another region's bucket). */
    LocalCluster newCluster(String name, Barman archiver) throws IOException {
        for (LocalCluster c : clusters) if (c.name().equals(name)) throw new GameDayException("cluster " + name + " exists already");
        LocalCluster c = new LocalCluster(runId, name, serviceDir.resolve(name), freePort(), dbPassword, bin, procs, archiver, spec.archiveTimeout());
        // a server restored from the golden's base backup opens with the golden's password until it replays this environment's
        if (golden != null) c.acceptRestoredPassword(golden.primary().password());
        clusters.add(c);
        return c;
    }

    List<LocalCluster> clusters() {
        return clusters;
    }

    PgBinaries bin() {
        return bin;
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
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
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
        return store;
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    /** The object store, for the fault injector's bucket faults and the recovery's reads. */
    LocalObjectStore store() {
        return store;
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("substrate", "local");
        f.put("postgres", bin.bindir().toString());
        f.put("postgresVersion", version(bin.tool("postgres")));
        f.put("barmanVersion", version("barman-cloud-backup"));
        f.put("serviceUser", procs.user().name());
        f.put("objectStore", store.describe());
        f.put("archiveTimeoutSeconds", spec.archiveTimeout().toSeconds());
        if (dr != null) f.put("drRegion", "buckets " + dr.backupBucket() + ", " + dr.appBucket() + "; standby fed from the DR archive");
        f.put("replication", spec.replication().name().toLowerCase());
        f.put("backupJobs", spec.backupJobs());
        f.put("backupCompression", spec.backupCompression().label());
        f.put("steadyState", golden != null ? golden.describe() : Map.of("cloned", false));
        return f;
    }

    /** Versions do not change while the JVM runs; asking barman-cloud-backup costs a Python start-up per scenario. */
    private static final Map<String, String> VERSIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String version(String tool) {
        return VERSIONS.computeIfAbsent(tool, t -> Processes.firstLine(t, "--version"));
    }

    @Override
    public void close() {
        if (dr != null) dr.replicator().stop();
        // the game day is over and its data is not needed: immediate shutdown, every server at once
        List<Thread> stops = new ArrayList<>();
        for (LocalCluster c : List.copyOf(clusters)) {
            Thread t = new Thread(() -> {
                try {
                    c.stopImmediately(Duration.ofSeconds(30));
                } catch (RuntimeException e) {
                    c.kill();
                }
            }, "gameday-stop-" + c.name());
            t.start();
            stops.add(t);
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (procs != null) procs.close(); // kills whatever did not stop
        store.close();
        if (!serviceDir.startsWith(dir)) {
            // only this environment's folder: the run's other scenarios (the next one, or the one
            // beside it with --parallel) still work in theirs; the run folder goes with the last
            Reaper.deleteTree(serviceDir);
            try {
                Files.deleteIfExists(serviceDir.getParent());
            } catch (IOException stillInUse) {
                // another environment of this run is in it
            }
        }
    }

    /**
     * {@code runDir/name} under the temp dir. The run folder is shared by the run's environments and
     * removed by the last one to close, possibly just as this one creates its folder in it: then again.
     */
    private static Path serviceDirInTmp(Path runDir, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return Files.createDirectories(runDir.resolve(name));
            } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
                if (attempt == 3) throw removedMeanwhile;
            }
        }
    }
}
