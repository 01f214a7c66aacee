package gameday.scenarios;

import gameday.harness.GameDayException;
import gameday.harness.run.ScenarioRun;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What the application (or its on-call) sees of a logical disaster: probes on the endpoint's cluster. */
final class LogicalDisasters {
    private LogicalDisasters() {}

    /** A row that existed long before the event: its absence is how a mass delete shows. */
    static String oldestObject(ScenarioRun run) throws SQLException {
        try (Connection c = run.env().endpoint().cluster().connect();
             PreparedStatement ps = c.prepareStatement("SELECT key FROM objects ORDER BY created_at LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new GameDayException("no objects were written during the steady state");
            return rs.getString(1);
        }
    }

    static boolean objectExists(ScenarioRun run, String key) throws SQLException {
        return exists(run, "SELECT 1 FROM objects WHERE key = ?", key);
    }

    static boolean columnExists(ScenarioRun run, String table, String column) throws SQLException {
        return exists(run, "SELECT 1 FROM information_schema.columns WHERE table_name = ? AND column_name = ?", table, column);
    }

    private static boolean exists(ScenarioRun run, String sql, String... args) throws SQLException {
        try (Connection c = run.env().endpoint().cluster().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
