package gameday.harness.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * An instant read from PostgreSQL's own clock, the one it stamps commits with, and the interval
 * on the run clock during which it was read. A recovery target must come from here, as
 * CloudNativePG's e2e reads it ({@code SELECT CURRENT_TIMESTAMP}, tests/utils/postgres/postgres.go
 * at v1.30.0): a harness clock a few hundred ms ahead of the server's would put the target after
 * the commit it must exclude.
 */
public record ServerTime(Instant at, long runFrom, long runTo) {
    /** Reads clock_timestamp() on {@code c}. */
    public static ServerTime read(Connection c, RunClock clock) throws SQLException {
        long from = clock.now();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
            return new ServerTime(at, from, clock.now());
        }
    }

    /** How far the harness's wall clock is ahead of the server's (negative: behind), for the journal. */
    public long harnessAheadMs(RunClock clock) {
        return Duration.between(at, clock.wallOf(runFrom + (runTo - runFrom) / 2)).toMillis();
    }
}
