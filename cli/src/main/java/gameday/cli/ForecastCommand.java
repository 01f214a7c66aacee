package gameday.cli;

import gameday.harness.journal.Json;
import gameday.harness.bench.Forecast;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "forecast", mixinStandardHelpOptions = true, description = "Recover at several sizes, fit restore time against base and WAL bytes, and extrapolate to your database.")
final class ForecastCommand implements Callable<Integer> {
    @Option(names = "--sizes-mb", split = ",", defaultValue = "64,128,256", description = "Database sizes measured (default: ${DEFAULT-VALUE}).")
    List<Integer> sizesMb;

    @Option(names = "--wal-segments", split = ",", defaultValue = "8,16,32", description = "WAL segments after the backup, per size (default: ${DEFAULT-VALUE}).")
    List<Integer> walSegments;

    @Option(names = "--size", required = true, description = "Your database size, e.g. 200GB or 500MB.")
    String size;

    @Option(names = "--wal-per-hour", defaultValue = "1GB", description = "Your WAL volume per hour (default: ${DEFAULT-VALUE}).")
    String walPerHour;

    @Option(names = "--hours-since-backup", defaultValue = "24", description = "WAL hours replayed on top of the base backup (default: ${DEFAULT-VALUE}, a daily backup).")
    double hours;

    @Option(names = "--storage-mbps", defaultValue = "0", description = "Your measured object-store throughput in MB/s; without it the forecast is a lower bound.")
    double storageMBps;

    @Option(names = "--out", description = "Also write the JSON here.")
    Path out;

    @Option(names = "--work-dir", defaultValue = "runs/forecast-work", description = "Scratch directory, removed afterwards (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sizesMb.size() < 3) throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sizes-mb needs 3 or more sizes");
        var target = new Forecast.Target(gigabytes(size), gigabytes(walPerHour), hours, storageMBps);
        var points = new Forecast(workDir, m -> System.err.println("forecast: " + m)).measure(sizesMb, walSegments);
        Map<String, Object> result = Forecast.predict(points, target);
        String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result);
        if (out != null) java.nio.file.Files.writeString(out, json);
        System.out.println(json);
        return Main.OK;
    }

    /** "200GB", "500MB", "1.5TB" or a bare number of GB. */
    static double gigabytes(String s) {
        String t = s.trim().toUpperCase();
        double scale = t.endsWith("TB") ? 1024 : t.endsWith("MB") ? 1 / 1024.0 : 1;
        return Double.parseDouble(t.replaceAll("[A-Z]+$", "")) * scale;
    }
}
