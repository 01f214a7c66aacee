package gameday.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** bench and forecast refuse bad options with exit code 2 and one line, before measuring anything. */
class BenchCliTest {
    @Test
    void anUnknownBenchSectionIsAUsageError() {
        BadInputTest.Result r = BadInputTest.gameday("bench", "--only", "bogus");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("unknown section 'bogus'") && r.err().contains("gameday bench --help"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void aForecastNeedsThreeSizes() {
        BadInputTest.Result r = BadInputTest.gameday("forecast", "--size", "1GB", "--sizes-mb", "1,2");
        assertEquals(Main.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("--sizes-mb needs 3 or more sizes"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void sizesReadAsGigabytes() {
        assertEquals(200, ForecastCommand.gigabytes("200GB"));
        assertEquals(0.5, ForecastCommand.gigabytes("512MB"));
        assertEquals(1536, ForecastCommand.gigabytes("1.5TB"));
    }
}
