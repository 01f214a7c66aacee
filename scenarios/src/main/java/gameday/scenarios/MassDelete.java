package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.Scenario;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.ServerTime;
import gameday.harness.check.Expectation;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

/**
 * The BitVault DR chapter, "Logical disaster (mass delete): PITR to before the event"; the CloudNativePG runbook, mode pitr. A
 * {@code DELETE} without {@code WHERE} empties the metadata table while the application keeps
 * writing; the runbook restores a new cluster to just before it. The writes acknowledged
 * between the delete and the fence are given up: that is the price of a PITR, and the report states it.
 * <p>Failure mode: docs/catalogue.md#mass-delete.
 */
public final class MassDelete implements Scenario {
    private ServerTime deletedAt;
    private String oldestKey;

    private static final Info INFO = Info.of("mass-delete",
            "DELETE without WHERE on the metadata table; PITR into a new cluster to just before it",
            "BitVault DR chapter: logical disaster (mass delete); CloudNativePG runbook: PITR for accidental data destruction", Fault.SQL);

    @Override
    public Info info() {
        return INFO;
    }

    @Override
    public Procedure procedure() {
        return Procedure.PITR;
    }

    @Override
    public void inject(ScenarioRun run) throws Exception {
        oldestKey = LogicalDisasters.oldestObject(run);
        run.fault("DELETE FROM objects (no WHERE)", () -> run.faults().sql(run.env().endpoint().cluster(), c -> {
            deletedAt = Runbook.knownTimestamp(run, c); // the server's clock stamps the commit: the runbook's known timestamp
            try (Statement s = c.createStatement()) {
                run.measure("rowsDeleted", s.executeUpdate("DELETE FROM objects"));
            }
        }));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        run.detect("object " + oldestKey + " is gone", Duration.ofSeconds(30), () -> !LogicalDisasters.objectExists(run, oldestKey));
        return Runbook.pitrBefore(run, deletedAt);
    }
}
