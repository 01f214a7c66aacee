package gameday.harness.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The fit and the extrapolation, on points written by hand. */
class ForecastTest {
    @Test
    void aStraightLineIsFittedExactly() {
        LinearFit f = LinearFit.of(List.of(new double[] {1, 3}, new double[] {2, 5}, new double[] {4, 9}));
        assertEquals(1, f.intercept(), 1e-9);
        assertEquals(2, f.slope(), 1e-9);
        assertEquals(1, f.r2(), 1e-9);
        assertEquals(0, f.maxRelativeError(), 1e-9);
    }

    @Test
    void extrapolatesBothPhasesAndSaysItIsALowerBoundWithoutAStorageThroughput() {
        List<Forecast.Point> points = List.of(new Forecast.Point(100, 128, 2, 2), new Forecast.Point(200, 256, 3, 3),
                new Forecast.Point(400, 512, 5, 5));
        Map<String, Object> local = Forecast.predict(points, new Forecast.Target(1, 0.5, 2, 0));
        @SuppressWarnings("unchecked")
        Map<String, Object> f = (Map<String, Object>) local.get("forecast");
        assertEquals(11L, f.get("restoreBaseSeconds"), "1 s + 1024 MB at 0.01 s/MB, rounded");
        assertEquals(9L, f.get("replaySeconds"), "1 s + 1024 MB at 128 MB/s");
        assertTrue(local.get("caveat").toString().contains("lower bound"));

        Map<String, Object> slow = Forecast.predict(points, new Forecast.Target(1, 0.5, 2, 10));
        @SuppressWarnings("unchecked")
        Map<String, Object> g = (Map<String, Object>) slow.get("forecast");
        assertEquals(103L, g.get("restoreBaseSeconds"), "a 10 MB/s store bounds the base restore");
        assertTrue(slow.get("caveat").toString().contains("10.0 MB/s"));
    }

    @Test
    void refusesToExtrapolateWhenTimeDoesNotGrowWithSize() {
        List<Forecast.Point> points = List.of(new Forecast.Point(84, 176, 3.2, 5.8), new Forecast.Point(147, 304, 1.9, 5.7),
                new Forecast.Point(272, 576, 1.5, 4.5));
        Map<String, Object> r = Forecast.predict(points, new Forecast.Target(200, 5, 24, 0));
        assertEquals(null, r.get("forecast"));
        assertTrue(r.get("caveat").toString().startsWith("no forecast"), r.get("caveat").toString());
    }
}
