package gameday.scenarios;

import static gameday.scenarios.ScenarioTests.figure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Scenario;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.run.RecoveryCommand;
import gameday.harness.run.Targets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The team's runbook as the recovery ({@code --recovery-command}): examples/runbooks/local-pitr.sh
 * recovers the restore scenarios of the catalogue, and each broken runbook of
 * examples/runbooks/broken/ is caught, with its reason named. Real game days, real restores.
 */
class RecoveryCommandTest {
    /** The checkout: the command lines below are relative to it, as a user's are to where they stand. */
    static final Path CHECKOUT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static final String ARGS = " --mode {mode} --target-time {targetTime}";

    @TempDir
    Path runs;

    ScenarioRecord run(Scenario s, String command, Duration timeout) {
        RecoveryCommand.Spec spec = RecoveryCommand.Spec.parse(command, CHECKOUT, timeout);
        return ScenarioTests.run(runs, s, Targets.load(null), r -> r.withRecoveryCommand(spec));
    }

    static Stream<Scenario> restoreScenarios() {
        return Stream.of(new DropTable(), new MassDelete(), new BadMigration(), GcGrace.safe(), GcGrace.tooEager(), new DataCorruption(),
                new ClusterDestroyed(), new BrokenArchiving(), new ArchiveTimeoutRpo());
    }

    /** The runbook gets the same journal and checks as the built-in procedure, and its steps split the runbook phase. */
    @ParameterizedTest
    @MethodSource("restoreScenarios")
    void theLocalRunbookRecoversEveryRestoreScenario(Scenario s) {
        ScenarioRecord r = run(s, "examples/runbooks/local-pitr.sh" + ARGS, null);
        assertTrue(r.asExpected(), () -> s.info().name() + ": verdict " + r.verdict + ", expected " + r.expectedVerdict + "; " + r.error + " " + r.checks);
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertTrue(ScenarioTests.phaseNames(r).containsAll(List.of("runbook", "runbook/restore-base", "runbook/replay-wal", "runbook/switchover",
                "verify", "switchover")), () -> "phases " + ScenarioTests.phaseNames(r));
        assertTrue(figure(r, "rtoMs") > 0, "RTO measured");
        DropTableTest.assertPhasesTileTheRto(r);
        assertTrue(r.events.stream().anyMatch(e -> e.message().startsWith("the runbook switched the service over to pg-main-runbook-1")), "switched by the runbook");
    }

    @Test
    void aRunbookThatRestoresLatestWhenAPitrIsNeededIsCaught() {
        ScenarioRecord r = run(new DropTable(), "examples/runbooks/broken/restores-latest.sh" + ARGS, null);
        assertCaught(r, "table objects is missing");
    }

    @Test
    void aRunbookWhoseTargetIsAnHourOffIsCaught() {
        ScenarioRecord r = run(new DropTable(), "examples/runbooks/broken/timezone.sh" + ARGS, null);
        assertCaught(r, "recovery ended before configured recovery target was reached");
    }

    @Test
    void aRunbookThatNeverSwitchesOverIsCaught() {
        ScenarioRecord r = run(new DropTable(), "examples/runbooks/broken/never-switches.sh" + ARGS, null);
        assertCaught(r, "the service was never switched over");
        assertFalse(r.measurements.containsKey("rtoMs"), "the RTO is unbounded: no figure");
    }

    @Test
    void aRunbookThatExitsWithoutStartingAServerIsCaught() {
        ScenarioRecord r = run(new DropTable(), "examples/runbooks/broken/no-server.sh", null);
        assertCaught(r, "pg-main-runbook-1 does not answer");
    }

    @Test
    void aRunbookThatHangsIsKilledAtItsTimeoutWithNothingLeftRunning() throws Exception {
        ScenarioRecord r = run(new DropTable(), "examples/runbooks/broken/hangs.sh", Duration.ofSeconds(10));
        assertCaught(r, "phase runbook/restore-base failed: the recovery command did not finish within 10 s");
        String log = Files.readString(ScenarioTests.runDir(r).resolve("drop-table/env/logs/runbook-1.log"));
        Matcher m = Pattern.compile("shell pid (\\d+), child pid (\\d+)").matcher(log);
        assertTrue(m.find(), log);
        for (int g = 1; g <= 2; g++) {
            long pid = Long.parseLong(m.group(g));
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " of the runbook still runs");
        }
    }

    static void assertCaught(ScenarioRecord r, String reason) {
        assertEquals("invalid", r.verdict, () -> "checks: " + r.checks);
        assertEquals("failed", r.status);
        assertTrue(r.error != null && r.error.contains(reason), () -> "the reason '" + reason + "' is named: " + r.error);
    }
}
