package gameday.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The time axis of the recovery timeline: steps of 1, 2 or 5 times a power of ten, about six ticks. */
class SvgChartsTest {
    private static final double EPS = 1e-9;

    @Test
    void aStepIsTheNextOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, SvgCharts.niceStep(1), EPS);
        assertEquals(2, SvgCharts.niceStep(1.01), EPS);
        assertEquals(5, SvgCharts.niceStep(3), EPS);
        assertEquals(10, SvgCharts.niceStep(7), EPS);
        assertEquals(200, SvgCharts.niceStep(150), EPS);
        assertEquals(0.05, SvgCharts.niceStep(0.03), EPS);
        assertEquals(1_000_000, SvgCharts.niceStep(600_000), EPS);
    }

    @Test
    void nothingToDivideGivesAStepOfOne() {
        assertEquals(1, SvgCharts.niceStep(0), EPS);
        assertEquals(1, SvgCharts.niceStep(-5), EPS);
    }

    @Test
    void aSecondsLongRecoveryIsTickedEveryTwoSeconds() {
        assertTicks(List.of(0.0, 2_000.0, 4_000.0, 6_000.0, 8_000.0), SvgCharts.tickValues(0, 8_046));
    }

    @Test
    void aSubSecondRecoveryIsTickedInHundredsOfMilliseconds() {
        assertTicks(List.of(0.0, 200.0, 400.0, 600.0, 800.0), SvgCharts.tickValues(0, 900));
    }

    @Test
    void anHourLongRecoveryIsTickedEveryMillionMilliseconds() {
        assertTicks(List.of(0.0, 1e6, 2e6, 3e6), SvgCharts.tickValues(0, 3_600_000));
    }

    @Test
    void ticksStartAtTheFirstStepAfterTheFault() {
        assertTicks(List.of(18_000.0, 20_000.0, 22_000.0, 24_000.0), SvgCharts.tickValues(16_500, 24_546));
    }

    /** A scenario whose only point is one instant: the timeline widens it to one millisecond. */
    @Test
    void oneValueGetsTicksAcrossItsOneMillisecond() {
        assertTicks(List.of(5_000.0, 5_000.2, 5_000.4, 5_000.6, 5_000.8, 5_001.0), SvgCharts.tickValues(5_000, 5_001));
    }

    @Test
    void aZeroLengthAxisHasOneTick() {
        assertTicks(List.of(0.0), SvgCharts.tickValues(0, 0));
    }

    private static void assertTicks(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size(), "ticks " + actual);
        for (int i = 0; i < expected.size(); i++) assertEquals(expected.get(i), actual.get(i), 1e-6, "tick " + i + " of " + actual);
    }
}
