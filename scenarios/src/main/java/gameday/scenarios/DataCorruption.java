package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.Scenario;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.check.Expectation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import gameday.harness.wait.Wait;

/**
 * The CloudNativePG runbook, "DB data corruption: PITR via CNPG, 10-20 min". Bytes in the first heap page of the
 * metadata table are overwritten on disk; the data checksum raises the error on the next read.
 * The runbook restores a new cluster from the base backup + all archived WAL (mode latest),
 * which rebuilds the page from clean sources, and the rows that were on it must come back
 * byte-for-byte.
 * <p>Failure mode: docs/catalogue.md#data-corruption.
 */
public final class DataCorruption implements Scenario {
    static final String TABLE = "objects";
    private static final String BLOCK_0 = "SELECT key, size || '/' || sha256 FROM objects WHERE ctid >= '(0,0)'::tid AND ctid < '(1,0)'::tid";
    private final Map<String, String> victims = new LinkedHashMap<>();
    private volatile String detectedError;

    private static final Info INFO = Info.of("data-corruption",
            "bytes overwritten in a heap page of the metadata table (checksum failure on read); restore a new cluster "
                    + "from backup + WAL (latest) and prove the damaged rows are back intact",
            "CloudNativePG runbook: DB data corruption", Fault.CORRUPT_PAGE);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.LATEST;
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        DatabaseCluster primary = run.env().primary();
        // block 0 must be full (not the page inserts still go to), so the damage hits settled rows only
        Wait.forThe("the objects table to span 2 pages").atMost(Duration.ofSeconds(60)).pollEvery(Duration.ofMillis(100))
                .until(() -> blocks(primary) >= 2);
        try (Connection c = primary.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(BLOCK_0)) {
            while (rs.next()) victims.put(rs.getString(1), rs.getString(2));
        }
        run.measure("corruptRows", victims.size());
        run.fault("overwrite bytes in block 0 of " + TABLE, () -> run.faults().corruptBlock(primary, TABLE, 0));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        DatabaseCluster damaged = run.env().primary();
        run.detect("a read of " + TABLE + " fails its data checksum", Duration.ofSeconds(60), () -> checksumFails(damaged));
        run.note("detected: " + detectedError);
        long fenced = Runbook.restoreLatest(run, damaged, recovered -> run.phase("verify-damaged-rows", () -> {
            Map<String, String> found = new LinkedHashMap<>();
            try (Connection c = recovered.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT key, size || '/' || sha256 FROM objects")) {
                while (rs.next()) if (victims.containsKey(rs.getString(1))) found.put(rs.getString(1), rs.getString(2));
            }
            long intact = victims.entrySet().stream().filter(v -> v.getValue().equals(found.get(v.getKey()))).count();
            run.measure("corruptRowsRestored", intact);
            if (intact != victims.size())
                throw new GameDayException("only " + intact + " of the " + victims.size() + " rows of the damaged page came back intact");
        }));
        // mode latest replays everything the damaged primary archived, including what it acknowledged
        // between the damage and the fence: those writes must be there too
        return Expectation.latest(fenced, run.resumedAt());
    }

    /** A full scan reads block 0; PostgreSQL raises SQLSTATE XX001 (data_corrupted) when its checksum fails. */
    private boolean checksumFails(DatabaseCluster c) {
        try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT sum(size) FROM objects")) {
            rs.next();
            return false;
        } catch (SQLException e) {
            if (!"XX001".equals(e.getSQLState())) return false;
            detectedError = e.getMessage();
            return true;
        }
    }

    private static long blocks(DatabaseCluster c) throws SQLException {
        try (Connection conn = c.connect(); Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_relation_size('objects') / current_setting('block_size')::int")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
