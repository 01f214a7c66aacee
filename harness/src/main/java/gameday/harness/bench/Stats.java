package gameday.harness.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and spread of the repeats of one figure: the machine is shared, so one sample says little. */
public record Stats(double median, double min, double max, List<Double> samples) {
    public static Stats of(List<Double> samples) {
        if (samples.isEmpty()) throw new IllegalArgumentException("no samples");
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        int n = s.size();
        double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return new Stats(round(median), round(s.get(0)), round(s.get(n - 1)), samples.stream().map(Stats::round).toList());
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
