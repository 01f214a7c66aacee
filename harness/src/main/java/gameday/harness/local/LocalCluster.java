package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.wait.PgWait;
import gameday.harness.wait.Wait;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * One PostgreSQL server process run the way CloudNativePG runs an instance: data checksums,
 * loopback only, continuous WAL archiving with barman-cloud-wal-archive to its own server
 * name in the backup bucket. The settings live in {@code gameday.conf}, included from
 * postgresql.conf, so that a restored data directory can be re-pointed by rewriting one file.
 */
public final class LocalCluster implements DatabaseCluster {
    private final String runId;
    private final String name;
    private final Path dataDir;
    private volatile int port; // moves when another process takes it between choosing and binding
    private final String password;
    private final PgBinaries bin;
    private final Processes procs;
    private final Barman barman; // null: archive_mode = off (a drill's restored server)
    private final Duration archiveTimeout;
    private volatile Process server;
    private volatile String bootPassword; // a cloned template's password, replaced at the first start
    /**
     * The golden steady state's password, in an environment cloned from it: a server restored from
     * the golden's base backup (a DR standby, a recovery) has it until it replays the clone's
     * password change, so it is tried when this cluster's own password is refused. Never written anywhere.
     */
    private volatile String restoredPassword;

    LocalCluster(String runId, String name, Path dataDir, int port, String password, PgBinaries bin, Processes procs, Barman barman,
                 Duration archiveTimeout) {
        this.runId = runId;
        this.archiveTimeout = archiveTimeout;
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.password = password;
        this.bin = bin;
        this.procs = procs;
        this.barman = barman;
    }

    @Override
    public String name() {
        return name;
    }

    /** The barman server name: CNPG uses the cluster name, and a recovered cluster must archive under a new one. */
    @Override
    public String serverName() {
        return name;
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    Barman barman() {
        return barman;
    }

    /** initdb with checksums and a random superuser password, as a fresh CNPG instance starts. */
    void initdb() throws IOException {
        initdb(bin, procs, name, dataDir, password);
        markOwned();
        writeConfig("");
    }

    /**
     * A copy of the cached template instead of initdb (~1 s on 2 cores). The template's own
     * password works only until {@link #start} sets this cluster's random one.
     */
    void cloneTemplate() throws IOException {
        cloneFrom(ClusterTemplate.obtain(bin, procs));
    }

    /** A copy of a stopped data directory (the template, or the golden steady state's primary), given this cluster's marker and config. */
    void cloneFrom(ClusterTemplate t) throws IOException {
        t.cloneInto(dataDir, procs, name);
        bootPassword = t.password();
        markOwned();
        writeConfig("");
    }

    static void initdb(PgBinaries bin, Processes procs, String name, Path dataDir, String password) throws IOException {
        Path pwfile = dataDir.resolveSibling(name + ".pw");
        Files.writeString(pwfile, password + "\n");
        procs.user().own(pwfile);
        try {
            procs.run("initdb-" + name, List.of(bin.tool("initdb"), "-D", dataDir.toString(), "-U", "postgres",
                    "--data-checksums", "--auth=scram-sha-256", "--pwfile=" + pwfile, "--encoding=UTF8", "--locale=C"), Duration.ofMinutes(2));
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(dataDir.resolve("postgresql.conf"), "\ninclude 'gameday.conf'\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dataDir.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\nhost replication all 127.0.0.1/32 scram-sha-256\n");
    }

    void markOwned() throws IOException {
        gameday.harness.local.OwnerMarker.mark(dataDir, runId);
    }

    /** Rewrites gameday.conf; {@code extra} carries recovery settings. */
    void writeConfig(String extra) throws IOException {
        String conf = String.join("\n",
                "listen_addresses = '127.0.0.1'",
                "port = " + port,
                "unix_socket_directories = ''",
                "max_connections = 60",
                "shared_buffers = 64MB",
                "wal_level = replica",
                "max_wal_senders = 10",
                "hot_standby = on",
                // a drill's restored server (no archiver) writes nothing to any bucket
                barman == null ? "archive_mode = off" : "archive_mode = on",
                barman == null ? "" : "archive_command = '" + barman.archiveCommand(name) + "'",
                barman == null ? "" : "archive_timeout = " + archiveTimeout.toSeconds() + "s",
                "log_line_prefix = '%m [%p] '",
                "logging_collector = off",
                extra, "");
        Files.writeString(dataDir.resolve("gameday.conf"), conf);
        procs.user().own(dataDir.resolve("gameday.conf"));
    }

    @Override
    public void start(Duration timeout) {
        for (int attempt = 1; ; attempt++) {
            // -p overrides gameday.conf, so a new port needs no config rewrite
            server = procs.start("postgres-" + name, List.of(bin.tool("postgres"), "-D", dataDir.toString(), "-p", String.valueOf(port)));
            try {
                awaitConnectable(timeout);
                if (bootPassword != null) adoptPassword();
                return;
            } catch (GameDayException e) {
                if (attempt == 3 || !whyStopped().contains("could not create any TCP/IP sockets")) throw e;
                try {
                    port = LocalEnvironment.freePort(); // the free port we chose was taken before the server bound it
                } catch (IOException io) {
                    throw e;
                }
            }
        }
    }

    private void adoptPassword() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // hex: nothing to escape
            bootPassword = null;
        } catch (SQLException e) {
            throw new GameDayException("cannot set the password of " + name + ": " + e.getMessage());
        }
    }

    /** Waits until the server accepts a connection; fails at once if the process died. */
    void awaitConnectable(Duration timeout) {
        Process p = server;
        PgWait.connectable(this).atMost(timeout).failFast(() -> !p.isAlive(), () -> name + " exited during start-up: " + whyStopped()).await();
    }

    /** The server log's last FATAL or PANIC line, which says why the server stopped. */
    String whyStopped() {
        java.nio.file.Path log = procs.logOf(server);
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String l = lines.get(i);
                // FATALs of our own connection attempts during start-up say nothing about why the server stopped
                if ((l.contains("FATAL") || l.contains("PANIC")) && !l.contains("not yet accepting connections") && !l.contains("is starting up"))
                    return l.replaceFirst("^.*(FATAL|PANIC):\\s*", "") + " (log: " + log + ")";
            }
            return "no FATAL line in " + log;
        } catch (IOException | RuntimeException e) {
            return "see " + log;
        }
    }

    /** A server the harness did not start here (a team's recovery command did, with pg_ctl) runs while its postmaster does. */
    @Override
    public boolean isRunning() {
        if (server != null) return server.isAlive();
        return postmaster().map(ProcessHandle::isAlive).orElse(false);
    }

    /** The postmaster named in postmaster.pid, for a server someone else started in this data directory. */
    private java.util.Optional<ProcessHandle> postmaster() {
        try {
            String first = Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip();
            // a stale file may name a pid that now belongs to another program: only a postgres is ours
            return ProcessHandle.of(Long.parseLong(first)).filter(h -> h.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public Connection connect() throws SQLException {
        return connect("postgres");
    }

    /** A connection to another database of this server. */
    public Connection connect(String database) throws SQLException {
        String boot = bootPassword;
        if (boot != null) return connectWith(boot, database);
        String restored = restoredPassword;
        if (restored == null) return connectWith(password, database);
        // the one that worked last first, so a catching-up server is not asked twice per connection
        boolean restoredFirst = restoredWorked;
        try {
            return connectWith(restoredFirst ? restored : password, database);
        } catch (SQLException e) {
            if (!"28P01".equals(e.getSQLState())) throw e;
            Connection c = connectWith(restoredFirst ? password : restored, database);
            restoredWorked = !restoredFirst;
            return c;
        }
    }

    private volatile boolean restoredWorked;

    private Connection connectWith(String pw, String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", pw);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(jdbcUrl().replaceFirst("/postgres$", "/" + database), p);
    }

    /** See {@link #restoredPassword}. */
    void acceptRestoredPassword(String goldenPassword) {
        this.restoredPassword = goldenPassword;
    }

    /** Fast shutdown (SIGINT): what an operator does before deleting an instance. */
    @Override
    public void stop(Duration timeout) {
        Process p = server;
        if (p == null && isRunning()) {
            procs.run("pg_ctl-stop-" + name, List.of(bin.tool("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "fast", "-w",
                    "-t", String.valueOf(timeout.toSeconds())), timeout.plusSeconds(5));
            return;
        }
        if (p == null || !p.isAlive()) return;
        procs.run("pg_ctl-stop-" + name, List.of(bin.tool("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "fast", "-w",
                "-t", String.valueOf(timeout.toSeconds())), timeout.plusSeconds(5));
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Immediate shutdown (SIGQUIT through pg_ctl): no checkpoint, no waiting for clients, crash
     * recovery at a next start. For teardown, once the data is no longer needed.
     */
    void stopImmediately(Duration timeout) {
        Process p = server;
        if (p == null || !p.isAlive()) return;
        procs.run("pg_ctl-stop-immediate-" + name, List.of(bin.tool("pg_ctl"), "stop", "-D", dataDir.toString(), "-m", "immediate", "-w",
                "-t", String.valueOf(timeout.toSeconds())), timeout.plusSeconds(5));
        try {
            p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** kill -9 of the postmaster: the fault ({@link LocalFaultInjector}), not a shutdown. Its backends notice and exit. */
    void kill() {
        Process p = server;
        if (p == null) {
            postmaster().ifPresent(pm -> {
                pm.destroyForcibly();
                Wait.forThe(name + " to exit after kill").atMost(Duration.ofSeconds(30)).until(() -> !pm.isAlive() && pm.descendants().noneMatch(ProcessHandle::isAlive));
            });
            return;
        }
        p.destroyForcibly();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Wait.forThe(name + " backends to exit after kill").atMost(Duration.ofSeconds(30)).until(() -> p.descendants().noneMatch(ProcessHandle::isAlive));
    }

    @Override
    public String backup(Duration timeout) {
        return barman.backup(procs, name, port, timeout);
    }

    /**
     * Forces a WAL switch and waits until that segment is in the archive. This is the reliable
     * way to know that a point is recoverable; failed_count = 0 says nothing about lag.
     */
    @Override
    public String switchWalAndAwaitArchived(Duration timeout) {
        return PgWait.switchWalAndAwaitArchived(this, timeout, Duration.ofMillis(50));
    }

    @Override
    public String lastArchivedWal() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_archived_wal FROM pg_stat_archiver")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Kill -9 of the server and every process under it, then delete the data directory (pg_wal
     * included): the node and its disk are gone. The tree is taken before the kill, which orphans
     * it: an archive_command still uploading would otherwise write into the directory being deleted.
     */
    void destroy() {
        Process p = server;
        List<ProcessHandle> tree = new ArrayList<>();
        (p != null ? java.util.Optional.of(p.toHandle()) : postmaster()).ifPresent(pm -> {
            tree.add(pm);
            pm.descendants().forEach(tree::add);
        });
        kill();
        tree.forEach(ProcessHandle::destroyForcibly);
        Wait.forThe("every process of " + name + " to exit after kill").atMost(Duration.ofSeconds(30)).until(() -> tree.stream().noneMatch(ProcessHandle::isAlive));
        Wait.forThe(dataDir + " to be deleted").atMost(Duration.ofSeconds(30)).pollEvery(Duration.ofMillis(200)).until(() -> {
            gameday.harness.run.Reaper.deleteTree(dataDir);
            return !Files.exists(dataDir);
        });
    }

    /** The server is stopped first (its shutdown checkpoint writes every dirty page, so nothing overwrites the damage later). */
    void corruptBlock(String table, long block) {
        String relPath;
        int blockSize;
        try (Connection c = connect(); var ps = c.prepareStatement("SELECT pg_relation_filepath(?::regclass), current_setting('block_size')::int")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                relPath = rs.getString(1);
                blockSize = rs.getInt(2);
            }
        } catch (SQLException e) {
            throw new GameDayException("cannot locate the data file of " + table + " on " + name + ": " + e.getMessage());
        }
        // a relation is split into 1 GB segment files: path, path.1, path.2 ...
        long perSegment = (1L << 30) / blockSize;
        Path file = dataDir.resolve(relPath + (block < perSegment ? "" : "." + block / perSegment));
        stop(Duration.ofSeconds(60)); // the shutdown checkpoint flushes every page: nothing will overwrite the damage
        byte[] junk = new byte[256];
        new java.security.SecureRandom().nextBytes(junk);
        // the middle of a full heap page is tuple data: the page header stays plausible, only the checksum can tell
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(junk), (block % perSegment) * blockSize + blockSize / 2);
            ch.force(true);
        } catch (IOException e) {
            throw new GameDayException("cannot overwrite block " + block + " of " + file + ": " + e.getMessage());
        }
        start(LocalEnvironment.START_TIMEOUT); // empty buffer cache: the next read of the block comes from disk
    }

    /** Re-reads the configuration files (e.g. after {@link #writeConfig} changed synchronous_standby_names). */
    void reload() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }

    Process process() {
        return server;
    }

    /**
     * Prefixes archive_command with a credential that the object store rejects, through ALTER
     * SYSTEM and a reload, as a rotated secret would: the server keeps running and says nothing.
     * (A missing bucket would not do: barman-cloud-wal-archive creates the bucket it needs.)
     */
    void breakArchiving() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET archive_command = 'AWS_SECRET_ACCESS_KEY=revoked-by-gameday " + barman.archiveCommand(name) + "'");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new GameDayException("cannot change archive_command on " + name + ": " + e.getMessage());
        }
    }

    @Override
    public java.time.Instant lastSuccessfulBackup() {
        java.time.Instant last = null;
        for (var b : barman.backups(procs, name)) {
            if (!"DONE".equals(b.path("status").asText())) continue;
            java.time.Instant end = Barman.endTime(b);
            if (last == null || end.isAfter(last)) last = end;
        }
        return last;
    }
}
