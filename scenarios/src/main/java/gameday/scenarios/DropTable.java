package gameday.scenarios;

import gameday.harness.Procedure;
import gameday.harness.Scenario;
import gameday.harness.Fault;
import gameday.harness.run.ScenarioRun;
import gameday.harness.run.ServerTime;
import gameday.harness.check.Expectation;
import java.sql.Statement;
import java.time.Duration;

/**
 * The CloudNativePG runbook, "Accidental table drop: PITR to before drop, 10-20 min". The metadata table is
 * dropped on the primary at a recorded instant; the runbook restores a new cluster to just
 * before it and switches the application over.
 * <p>Failure mode: docs/catalogue.md#accidental-table-drop.
 */
public final class DropTable implements Scenario {
    private final Duration targetOffset;
    private ServerTime droppedAt;

    /** The runbook as written: target = the instant of the drop. */
    public DropTable() {
        this(Duration.ZERO);
    }

    /** A deliberately wrong target, for negative controls: {@code offset} after the drop commits. */
    public DropTable(Duration targetOffset) {
        this.targetOffset = targetOffset;
    }

    private static final Info INFO = Info.of("drop-table",
            "DROP TABLE on the metadata table; PITR into a new cluster to just before the drop",
            "CloudNativePG runbook: accidental table drop", Fault.SQL);

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
        run.fault("DROP TABLE objects", () -> run.faults().sql(run.env().endpoint().cluster(), c -> {
            // the server's clock, which stamps the DROP's commit: "the known timestamp" of the runbook
            droppedAt = Runbook.knownTimestamp(run, c);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE objects");
            }
            if (!targetOffset.isZero()) {
                ServerTime after = ServerTime.read(c, run.clock());
                droppedAt = new ServerTime(after.at().plus(targetOffset), after.runFrom(), after.runTo());
            }
        }));
    }

    @Override
    public Expectation recover(ScenarioRun run) throws Exception {
        run.detect("the objects table is gone", Duration.ofSeconds(30), () -> Runbook.tableMissing(run, "objects"));
        return Runbook.pitrBefore(run, droppedAt);
    }
}
