package gameday.harness.local;

import gameday.harness.GameDayException;
import gameday.harness.wait.Wait;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

/**
 * Builds the streaming standby of the primary as CNPG builds its second instance: pg_basebackup
 * of the primary, then standby.signal and primary_conninfo (the password reaches libpq through
 * PGPASSWORD in the service environment, never a file). Synchronous: commits on the primary
 * wait for its flush.
 */
final class StandbyBuilder {
    private StandbyBuilder() {}

    static LocalCluster start(LocalEnvironment env, LocalCluster primary, boolean synchronous) throws Exception {
        Processes procs = env.processes();
        LocalCluster s = env.newCluster(primary.name() + "-standby");
        procs.run("pg_basebackup-" + s.name(), List.of(env.bin().tool("pg_basebackup"), "-h", "127.0.0.1", "-p", String.valueOf(primary.port()),
                "-U", "postgres", "-D", s.dataDir().toString(), "-X", "stream", "-c", "fast", "-w"), Duration.ofMinutes(10));
        s.markOwned();
        s.writeConfig("primary_conninfo = 'host=127.0.0.1 port=" + primary.port() + " user=postgres application_name=" + s.name() + "'\n");
        Files.writeString(s.dataDir().resolve("standby.signal"), "");
        procs.user().own(s.dataDir());
        s.start(LocalEnvironment.START_TIMEOUT);
        if (synchronous) {
            primary.writeConfig("synchronous_standby_names = '\"" + s.name() + "\"'\n");
            primary.reload();
        }
        String want = synchronous ? "sync" : "async";
        try {
            Wait.forThe(s.name() + " to stream from " + primary.name() + " (" + want + ")").atMost(LocalEnvironment.START_TIMEOUT)
                    .pollEvery(Duration.ofMillis(50)).ignoringExceptions().until(() -> streaming(primary, s.name(), want));
        } catch (GameDayException e) {
            throw new GameDayException(e.getMessage() + " (see its log in " + procs.logDir() + ")");
        }
        return s;
    }

    /** pg_stat_replication on the primary shows the standby streaming in the wanted sync state. */
    private static boolean streaming(LocalCluster primary, String standby, String syncState) throws Exception {
        try (Connection c = primary.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM pg_stat_replication WHERE application_name = ? AND state = 'streaming' AND sync_state = ?")) {
            ps.setString(1, standby);
            ps.setString(2, syncState);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 1;
            }
        }
    }
}
