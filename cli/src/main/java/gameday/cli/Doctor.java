package gameday.cli;

import gameday.harness.GameDayException;
import gameday.harness.local.Processes;
import gameday.harness.local.ServiceUser;
import gameday.harness.local.Barman;
import gameday.harness.local.PgBinaries;
import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** What the local substrate needs, found or not, with versions. */
final class Doctor {
    static final String INSTALL = "apt-get install -y postgresql barman-cli-cloud python3-boto3";

    record Check(String what, boolean ok, String detail) {}

    private Doctor() {}

    static List<Check> checks() {
        List<Check> out = new ArrayList<>();
        out.add(new Check("java", Runtime.version().feature() >= 17, System.getProperty("java.version")));
        try {
            PgBinaries pg = PgBinaries.locate();
            out.add(new Check("postgres", true, Processes.firstLine(pg.tool("postgres"), "--version") + " (" + pg.bindir() + ")"));
        } catch (GameDayException e) {
            out.add(new Check("postgres", false, e.getMessage()));
        }
        for (String tool : Barman.TOOLS) {
            String path = onPath(tool);
            out.add(new Check(tool, path != null, path == null ? "not found" : Processes.firstLine(path, "--version")));
        }
        // the barman-cloud scripts run under the system python, not whatever python3 is first on PATH
        String python = new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
        String boto = Processes.firstLine(python, "-c", "import boto3; print('boto3', boto3.__version__)");
        out.add(new Check("python3-boto3", boto.startsWith("boto3"), boto));
        try {
            ServiceUser u = ServiceUser.detect();
            out.add(new Check("service user", true, u.isDelegated() ? u.name() + " (via setpriv, since we are root)" : u.name()));
        } catch (GameDayException e) {
            out.add(new Check("service user", false, e.getMessage()));
        }
        return out;
    }

    /** Fails with the install command when anything the local substrate needs is missing. */
    static void requireLocal() {
        PgBinaries.locate(); // its own message says how to fix a wrong GAMEDAY_PG_BINDIR
        List<String> missing = checks().stream().filter(c -> !c.ok()).map(Check::what).toList();
        if (!missing.isEmpty())
            throw new GameDayException("missing " + String.join(", ", missing) + ": install with '" + INSTALL + "' (run 'gameday doctor' for details)");
    }

    static String onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, tool);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }
}
