package gameday.cli;

import gameday.harness.GameDayException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code gameday} command. Exit codes: 0 every target met, 1 a target missed or a check
 * failed, 2 a usage or environment error (one line, no stack trace unless --debug).
 */
@Command(name = "gameday", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Disaster-recovery game days: build a disposable data tier, break it, recover it as the runbook says, measure RTO/RPO.",
                "Relative paths, and the default runs directory 'runs', are taken from the directory you run gameday in."},
        subcommands = {ListCommand.class, RunCommand.class, DrillCommand.class, ReportCommand.class, DoctorCommand.class, CleanCommand.class, BenchCommand.class, ForecastCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every target met", "1:a target missed or a check failed", "2:usage or environment error"})
public final class Main implements Runnable {
    public static final int OK = 0, MISSED = 1, USAGE = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (" + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        CommandLine cl = new CommandLine(new Main());
        // every path is made absolute where it is parsed, against the directory the user stands in:
        // nothing below the CLI may depend on the JVM's working directory (child processes run elsewhere)
        cl.registerConverter(Path.class, s -> Path.of(s).toAbsolutePath().normalize());
        cl.setExitCodeExceptionMapper(e -> USAGE);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("gameday: " + ex.getMessage() + " (see 'gameday " + commandPath(ex.getCommandLine()) + "--help')");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (debug) ex.printStackTrace(c.getErr());
            String msg = ex instanceof GameDayException ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
            c.getErr().println("gameday: error: " + msg);
            return USAGE;
        });
        return cl.execute(args);
    }

    private static String commandPath(CommandLine c) {
        String path = c.getCommandSpec().qualifiedName(" ");
        return path.equals("gameday") ? "" : path.substring("gameday ".length()) + " ";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gameday " + (v == null ? "dev" : v)};
        }
    }
}
