package gameday.cli;

import static gameday.cli.BadInputTest.gameday;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code run --dry-run} prints each scenario's own plan: no scenario shows another's recovery. */
class DryRunCommandTest {
    @Test
    void eachScenarioGetsItsOwnPlan() {
        BadInputTest.Result r = gameday("run", "process-crash", "region-loss", "drop-table", "--substrate", "k3s", "--dry-run",
                "--cluster-domain", "corp.internal");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        String crash = section(out, "process-crash"), region = section(out, "region-loss"), drop = section(out, "drop-table");
        assertFalse(crash.contains("recovery Cluster") || crash.contains("replica Cluster"), crash);
        assertTrue(crash.contains("fault: delete the primary pod of pg-main"), crash);
        assertFalse(region.contains("recovery Cluster"), region);
        assertTrue(region.contains("apply: replica Cluster pg-dr in the DR region"), region);
        assertTrue(region.contains("over to pg-dr-rw.gameday-dry-run-region-loss-dr.svc.corp.internal"), region);
        assertTrue(drop.contains("apply: recovery Cluster pg-main-recovered-1 from pg-main"), drop);
        assertTrue(drop.contains("targetTime:"), drop);
        assertFalse(drop.contains("replica Cluster"), drop);
        // the superuser secret both regions share is printed masked, like the S3 credentials
        assertTrue(region.contains("password: \"***\""), region);
        assertFalse(java.util.regex.Pattern.compile("[0-9a-f]{40}").matcher(out).find(), "no credential in the output");
    }

    @Test
    void aScenarioTheSubstrateCannotRunIsRefusedNotPlanned() {
        BadInputTest.Result r = gameday("run", "data-corruption", "--substrate", "kubernetes", "--dry-run");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("scenario data-corruption cannot run on --substrate kubernetes: it needs fault corrupt-page"), r.err());
    }

    /** From "# scenario NAME:" to the next scenario's header. */
    static String section(String out, String name) {
        int start = out.indexOf("# scenario " + name + ":");
        assertTrue(start >= 0, out);
        int end = out.indexOf("# scenario ", start + 1);
        return out.substring(start, end < 0 ? out.length() : end);
    }
}
