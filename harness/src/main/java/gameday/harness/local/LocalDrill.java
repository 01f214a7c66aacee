package gameday.harness.local;

import gameday.harness.GameDayException;
import gameday.harness.Phases;
import gameday.harness.check.Verdict;
import gameday.harness.drill.Archive;
import gameday.harness.drill.DrillSubstrate;
import gameday.harness.drill.PageChecksums;
import gameday.harness.drill.SourceAccess;
import gameday.harness.run.Reaper;
import gameday.harness.s3.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drill's disposable server on this machine: the backup's own PostgreSQL major version,
 * restored with the runbook's {@link Restore}, loopback only on a random port, archive_mode=off
 * and a restore_command that only fetches. The restored configuration is replaced by ours (a
 * CloudNativePG pod's paths, certificates and archive_command mean nothing here); the settings
 * replay needs at least the primary's values of are read from the backup's pg_control.
 */
public final class LocalDrill implements DrillSubstrate {
    /** Settings a hot-standby replay needs at least as high as on the primary, and their pg_controldata lines. */
    private static final Map<String, String> FLOORS = Map.of("max_connections", "max_connections setting",
            "max_worker_processes", "max_worker_processes setting", "max_wal_senders", "max_wal_senders setting",
            "max_prepared_transactions", "max_prepared_xacts setting", "max_locks_per_transaction", "max_locks_per_xact setting");
    private final SourceAccess access;
    private final PgBinaries bin;
    private final String runId;
    private final Path serviceDir;
    private final boolean serviceDirInTmp;
    private final Processes procs;
    private final Barman barman;
    private final int walMaxParallel;
    private int restores;

    /**
     * @param workDir a directory of the run: logs go there; data directories too when the service user can reach it
     */
    public LocalDrill(SourceAccess access, int major, String runId, Path workDir, int walMaxParallel) throws IOException {
        this.access = access;
        this.bin = PgBinaries.forMajor(major);
        this.runId = runId;
        this.walMaxParallel = walMaxParallel;
        for (String tool : List.of("barman-cloud-restore", "barman-cloud-wal-restore"))
            if (Processes.firstLine(tool, "--version").equals("unknown"))
                throw new GameDayException("missing " + tool + ": install it with 'apt-get install barman-cli-cloud python3-boto3'");
        ServiceUser user = ServiceUser.detect();
        Files.createDirectories(workDir);
        serviceDirInTmp = !user.canReach(workDir);
        serviceDir = serviceDirInTmp ? Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "gameday-" + runId, "drill"))
                : Files.createDirectories(workDir.resolve("pg"));
        user.own(serviceDir);
        Map<String, String> env = new LinkedHashMap<>();
        access.exportTo(env);
        env.put("HOME", serviceDir.toString());
        procs = new Processes(workDir.resolve("logs"), user, env);
        barman = new Barman(access.source().endpoint(), access.source().barmanBucket());
    }

    @Override
    public Map<String, Object> facts() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("substrate", "local");
        f.put("host", System.getenv().getOrDefault("HOSTNAME", "localhost"));
        f.put("server", "disposable PostgreSQL on 127.0.0.1, a random port, removed after the drill");
        f.put("segregation", "archive_mode=off; restore_command only fetches (barman-cloud-wal-restore, or the prefetch's GETs); "
                + "no credential for the source is given to the server's SQL");
        f.put("postgres", bin.bindir().toString());
        f.put("postgresVersion", Processes.firstLine(bin.tool("postgres"), "--version"));
        f.put("barmanVersion", Processes.firstLine("barman-cloud-restore", "--version"));
        f.put("serviceUser", procs.user().name());
        f.put("walMaxParallel", walMaxParallel);
        return f;
    }

    @Override
    public Restored restore(Archive.BaseBackup backup, Instant target, Phases phases) throws Exception {
        String name = "drill-" + (++restores);
        LocalCluster c = new LocalCluster(runId, name, serviceDir.resolve(name), LocalEnvironment.freePort(), Secrets.randomHex(16), bin, procs, null,
                Duration.ZERO);
        Restore.Target t = target == null ? Restore.Target.END : target == BACKUP_END ? Restore.Target.IMMEDIATE : Restore.Target.time(target);
        LocalRestored restored = new LocalRestored(c);
        try (WalPrefetch prefetch = new WalPrefetch(access.client(), access.source().bucket(), access.source().serverPath(),
                serviceDir.resolve(name + "-walspool"), procs.user(), walMaxParallel)) {
            Restore.run(c, procs, barman, access.source().serverName(), backup::id, prefetch, t, this::prepare, phases);
        } catch (Exception | Error e) {
            restored.close();
            throw e;
        }
        return restored;
    }

    /** Our configuration instead of the restored one, with the primary's floors for replay. */
    private String prepare(LocalCluster c) throws IOException {
        String control = procs.run("pg_controldata-" + c.name(), List.of(bin.tool("pg_controldata"), "-D", c.dataDir().toString()), Duration.ofMinutes(1));
        StringBuilder settings = new StringBuilder();
        for (var e : FLOORS.entrySet()) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(e.getValue()) + ":\\s+(\\d+)").matcher(control);
            if (m.find()) settings.append(e.getKey()).append(" = ").append(Math.max(Integer.parseInt(m.group(1)), e.getKey().equals("max_connections") ? 60 : 0))
                    .append('\n');
        }
        Files.writeString(c.dataDir().resolve("postgresql.conf"), "include 'gameday.conf'\n");
        Files.writeString(c.dataDir().resolve("postgresql.auto.conf"), "# emptied by gameday drill: the source's ALTER SYSTEM settings do not apply\n");
        // the superuser over loopback only, for the drill's own checks; the server lives as long as the drill
        Files.writeString(c.dataDir().resolve("pg_hba.conf"), "host all postgres 127.0.0.1/32 trust\n");
        for (String f : List.of("standby.signal", "postmaster.pid", "postmaster.opts")) Files.deleteIfExists(c.dataDir().resolve(f));
        return settings.toString();
    }

    private final class LocalRestored implements Restored {
        private final LocalCluster c;

        LocalRestored(LocalCluster c) {
            this.c = c;
        }

        @Override
        public Connection connect(String database) throws SQLException {
            return c.connect(database);
        }

        @Override
        public Verdict pageChecksums() {
            boolean on;
            try (Connection conn = c.connect(); var s = conn.createStatement(); var rs = s.executeQuery("SHOW data_checksums")) {
                rs.next();
                on = "on".equals(rs.getString(1));
            } catch (SQLException e) {
                return Verdict.unknown(PageChecksums.NAME, "cannot ask the restored server whether it has checksums: " + e.getMessage());
            }
            if (!on) return Verdict.of(PageChecksums.NAME, Map.of("enabled", false), List.of());
            c.stop(Duration.ofMinutes(2)); // pg_checksums needs a cleanly stopped cluster
            String out = procs.run("pg_checksums-" + c.name(), List.of("sh", "-c", "\"$0\" --check -D \"$1\" 2>&1; echo \"exit=$?\"",
                    bin.tool("pg_checksums"), c.dataDir().toString()), Duration.ofHours(2));
            return PageChecksums.of(out, c.dataDir().toString());
        }

        @Override
        public Verdict amcheck() {
            String out = procs.run("pg_amcheck-" + c.name(), List.of("sh", "-c", "\"$0\" -h 127.0.0.1 -p \"$1\" -U postgres --all --install-missing 2>&1; echo \"exit=$?\"",
                    bin.tool("pg_amcheck"), String.valueOf(c.port())), Duration.ofHours(2));
            List<String> problems = out.lines().filter(l -> !l.isBlank() && !l.startsWith("exit=")).limit(5).toList();
            return Verdict.of("amcheck", Map.of("tool", "pg_amcheck --all (heap and B-tree indexes)"), out.contains("exit=0") ? List.of() : problems);
        }

        @Override
        public void close() {
            try {
                c.stop(Duration.ofSeconds(60));
            } catch (RuntimeException e) {
                c.kill();
            }
            Reaper.deleteTree(c.dataDir());
        }
    }

    @Override
    public void close() {
        procs.close();
        Reaper.deleteTree(serviceDirInTmp ? serviceDir.getParent() : serviceDir);
    }
}
