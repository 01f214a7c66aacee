package gameday.harness.local;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.run.RecoveryCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a team's recovery command gets on the local substrate: the object store, its credentials,
 * PostgreSQL's bin directory, an empty data directory and a free port for the cluster it
 * recovers. Its switchover contract: it writes {@code host:port} of the recovered server to
 * {@code $GAMEDAY_SWITCHOVER_FILE} (the harness's stand-in for the ExternalName service).
 */
final class LocalRunbookSite implements RecoveryCommand.Site {
    private final LocalEnvironment env;
    private final Map<Integer, LocalCluster> offered = new HashMap<>();

    LocalRunbookSite(LocalEnvironment env) {
        this.env = env;
    }

    @Override
    public Map<String, String> prepare(int n) {
        LocalCluster c;
        Path work = workDir(n);
        try {
            c = env.newCluster(env.primary().name() + "-runbook-" + n);
            Files.createDirectories(work);
            // PostgreSQL refuses a data directory others can read
            Files.createDirectory(c.dataDir(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            env.processes().user().own(work);
            env.processes().user().own(c.dataDir());
        } catch (IOException e) {
            throw new GameDayException("cannot prepare the directories of the recovery command: " + e.getMessage());
        }
        offered.put(n, c);
        Map<String, String> vars = new LinkedHashMap<>(env.serviceEnv());
        vars.put("HOME", work.toString());
        vars.put("GAMEDAY_SWITCHOVER_FILE", switchoverFile(n).toString());
        vars.put("GAMEDAY_S3_ENDPOINT", env.barman().endpoint());
        vars.put("AWS_ENDPOINT_URL", env.barman().endpoint());
        vars.put("GAMEDAY_DESTINATION_PATH", "s3://" + env.barman().bucket());
        vars.put("GAMEDAY_SERVER_NAME", env.endpoint().cluster().serverName());
        vars.put("GAMEDAY_NEW_SERVER_NAME", c.serverName());
        vars.put("PGBINDIR", pgBinDir());
        vars.put("GAMEDAY_DATA_DIR", c.dataDir().toString());
        vars.put("GAMEDAY_PORT", String.valueOf(c.port()));
        vars.put("PGHOST", "127.0.0.1");
        vars.put("PGPORT", String.valueOf(c.port()));
        vars.put("PGUSER", "postgres");
        vars.put("PGDATABASE", "postgres");
        return vars;
    }

    /** Where every PostgreSQL program is (a PATH directory may link only some of them, e.g. no psql). */
    private String pgBinDir() {
        try {
            return Path.of(env.bin().tool("postgres")).toRealPath().getParent().toString();
        } catch (IOException e) {
            return env.bin().bindir().toString();
        }
    }

    @Override
    public Path workDir(int n) {
        return env.serviceDir().resolve("runbook-" + n);
    }

    private Path switchoverFile(int n) {
        return workDir(n).resolve("switchover");
    }

    @Override
    public Path logDir() {
        return env.processes().logDir();
    }

    @Override
    public List<String> wrap(List<String> command) {
        return env.processes().user().wrap(command);
    }

    /** The cluster of this environment at the {@code host:port} the command wrote; empty when it wrote none. */
    @Override
    public Optional<DatabaseCluster> switchedTo(int n) {
        String to;
        try {
            Path f = switchoverFile(n);
            if (!Files.isRegularFile(f)) return Optional.empty();
            to = Files.readString(f).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (to.isEmpty()) return Optional.empty();
        int colon = to.lastIndexOf(':');
        String host = colon < 0 ? "" : to.substring(0, colon);
        if (!host.equals("127.0.0.1") && !host.equals("localhost"))
            throw new GameDayException("the recovery command switched the service to '" + to + "': expected 127.0.0.1:PORT");
        for (LocalCluster c : env.clusters()) if (to.substring(colon + 1).equals(String.valueOf(c.port()))) return Optional.of(c);
        throw new GameDayException("the recovery command switched the service to " + to + ", where this environment runs no cluster (its port was "
                + offered.get(n).port() + ")");
    }

    @Override
    public void reap(int n) {
        LocalCluster c = offered.get(n);
        if (c != null) c.kill();
    }

    @Override
    public Collection<String> secrets() {
        Map<String, String> e = env.serviceEnv();
        return List.of(e.get("AWS_ACCESS_KEY_ID"), e.get("AWS_SECRET_ACCESS_KEY"), e.get("PGPASSWORD"));
    }
}
