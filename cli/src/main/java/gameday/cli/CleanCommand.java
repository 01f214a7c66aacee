package gameday.cli;

import gameday.harness.GameDayException;
import gameday.harness.k8s.K8sOptions;
import gameday.harness.k8s.K8sSubstrate;
import gameday.harness.k8s.NamespaceReaper;
import gameday.harness.run.Reaper;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "clean", mixinStandardHelpOptions = true, description = {"Reap what crashed runs left: servers, temporary directories; mark their journals aborted.",
        "With --kubeconfig and --context, also delete the namespaces labelled gameday.dev/owned-by=<run id> of the dead runs of --runs-dir."})
final class CleanCommand implements Callable<Integer> {
    @Option(names = "--runs-dir", defaultValue = "runs", description = "Where run directories are (default: ${DEFAULT-VALUE}, in the current directory).")
    Path runsDir;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubernetes: the kubeconfig of the cluster to clean (with --context).")
    Path kubeconfig;

    @Option(names = "--context", description = "kubernetes: the context to use (with --kubeconfig).")
    String context;

    @Override
    public Integer call() {
        if ((kubeconfig == null) != (context == null)) throw new GameDayException("give both --kubeconfig and --context, or neither");
        Reaper.Report r = Reaper.reap(runsDir);
        System.out.printf("killed %d server processes, removed %d temporary directories, marked %d journals aborted%n",
                r.killed(), r.removedDirs(), r.abortedJournals());
        if (kubeconfig != null) {
            // only runs of this machine's runs directory: a run id's pid means nothing on another host
            try (KubernetesClient client = K8sSubstrate.connect(K8sOptions.kubernetes(kubeconfig.toAbsolutePath(), context))) {
                List<String> gone = NamespaceReaper.reap(client, run -> Files.isDirectory(runsDir.resolve(run)) && !Reaper.alive(run));
                System.out.println("deleted " + gone.size() + " namespaces" + (gone.isEmpty() ? "" : ": " + String.join(", ", gone)));
            }
        }
        return Main.OK;
    }
}
