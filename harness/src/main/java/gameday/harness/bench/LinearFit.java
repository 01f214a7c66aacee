package gameday.harness.bench;

import java.util.List;

/**
 * Least squares {@code y = intercept + slope·x}, with R² and the largest relative residual,
 * so a forecast says how well its few points agree with a straight line.
 */
public record LinearFit(double intercept, double slope, double r2, double maxRelativeError) {
    public static LinearFit of(List<double[]> points) {
        int n = points.size();
        if (n < 2) throw new IllegalArgumentException("a fit needs at least 2 points, got " + n);
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (double[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += p[0] * p[0];
            sxy += p[0] * p[1];
        }
        double denom = n * sxx - sx * sx;
        double slope = denom == 0 ? 0 : (n * sxy - sx * sy) / denom;
        double intercept = (sy - slope * sx) / n;
        double mean = sy / n, ssRes = 0, ssTot = 0, maxRel = 0;
        for (double[] p : points) {
            double fitted = intercept + slope * p[0];
            ssRes += (p[1] - fitted) * (p[1] - fitted);
            ssTot += (p[1] - mean) * (p[1] - mean);
            if (p[1] != 0) maxRel = Math.max(maxRel, Math.abs(p[1] - fitted) / Math.abs(p[1]));
        }
        return new LinearFit(intercept, slope, ssTot == 0 ? 1 : 1 - ssRes / ssTot, maxRel);
    }

    public double at(double x) {
        return intercept + slope * x;
    }
}
