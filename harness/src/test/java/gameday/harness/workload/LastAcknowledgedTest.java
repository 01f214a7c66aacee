package gameday.harness.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import gameday.harness.run.RunClock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history keeps the newest acknowledged op as ops complete: failures and open ops never count. */
class LastAcknowledgedTest {
    @TempDir
    Path dir;

    @Test
    void theNewestOkIsKeptAndFailuresAndOpenOpsAreNot() {
        try (History h = new History(dir.resolve("history.jsonl"), new RunClock())) {
            assertNull(h.lastOk());
            long a = h.invoke("row", "a");
            long b = h.invoke("row", "b");
            long c = h.invoke("row", "c");
            h.fail(a, "23505 duplicate key");
            assertNull(h.lastOk(), "a failure is no acknowledgement");
            h.ok(b);
            assertEquals("b", h.lastOk().key());
            h.invoke("row", "d"); // unknown: never completes
            h.ok(c);
            assertEquals("c", h.lastOk().key());
            assertEquals(h.ops().stream().filter(Op::ok).mapToLong(Op::complete).max().getAsLong(), h.lastOk().complete());
        }
    }
}
