package gameday.harness.workload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Which errors leave a write's outcome unknown (it may have committed) and which are definite failures. */
class ErrorMappingTest {
    @Test
    void aLostConnectionOrAShutdownLeavesTheOutcomeUnknown() {
        assertTrue(AppClient.outcomeUnknown(new SQLException("I/O error", "08006")));
        assertTrue(AppClient.outcomeUnknown(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(AppClient.outcomeUnknown(new SQLException("no state")));
    }

    @Test
    void aRejectedStatementIsADefiniteFailure() {
        assertFalse(AppClient.outcomeUnknown(new SQLException("relation \"objects\" does not exist", "42P01")));
        assertFalse(AppClient.outcomeUnknown(new SQLException("duplicate key", "23505")));
    }
}
