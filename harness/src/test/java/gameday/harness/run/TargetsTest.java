package gameday.harness.run;

import gameday.harness.GameDayException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {
    @TempDir
    Path dir;

    private String error(String yaml) throws Exception {
        Path f = Files.writeString(dir.resolve("t.yaml"), yaml);
        return assertThrows(GameDayException.class, () -> Targets.load(f)).getMessage();
    }

    @Test
    void builtInTargetsLoad() {
        Targets t = Targets.load(null).get("drop-table");
        assertEquals(Duration.ofMinutes(20), t.rto());
        assertEquals(0L, t.rpoCount());
    }

    @Test
    void parsesUnits() throws Exception {
        Path f = Files.writeString(dir.resolve("t.yaml"), "x:\n  rto: 1.5h\n  rpoTime: 250ms\n");
        Targets t = Targets.load(f).get("x");
        assertEquals(Duration.ofMinutes(90), t.rto());
        assertEquals(Duration.ofMillis(250), t.rpoTime());
    }

    @Test
    void rejectsMalformedTargetsNamingTheProblem() throws Exception {
        assertTrue(error("x:\n  rto: 20\n").contains("rto '20' is not a duration"));
        assertTrue(error("x:\n  rto: -5m\n").contains("not a duration"));
        assertTrue(error("x:\n  rto: 5 parsecs\n").contains("not a duration"));
        assertTrue(error("x:\n  rtoo: 5m\n").contains("unknown key 'rtoo'"));
        assertTrue(error("x:\n  rpoCount: -1\n").contains("rpoCount must be a whole number"));
        assertTrue(error("- a\n- b\n").contains("must map scenario names"));
        assertTrue(error("x: [unclosed\n").contains("cannot read targets file"));
    }
}
