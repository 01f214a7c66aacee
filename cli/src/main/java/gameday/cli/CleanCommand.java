package gameday.cli;

import gameday.harness.run.Reaper;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", mixinStandardHelpOptions = true, description = "Reap what crashed runs left: servers, temporary directories; mark their journals aborted.")
final class CleanCommand implements Callable<Integer> {
    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run directories are (default: ${DEFAULT-VALUE}, in the current directory).")
    Path runsDir;

    @Override
    public Integer call() {
        Reaper.Report r = Reaper.reap(runsDir);
        System.out.printf("killed %d server processes, removed %d temporary directories, marked %d journals aborted%n",
                r.killed(), r.removedDirs(), r.abortedJournals());
        return Main.OK;
    }
}
