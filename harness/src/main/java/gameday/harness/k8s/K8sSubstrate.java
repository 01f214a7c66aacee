package gameday.harness.k8s;

import gameday.harness.Environment;
import gameday.harness.Fault;
import gameday.harness.EnvironmentSpec;
import gameday.harness.GameDayException;
import gameday.harness.Progress;
import gameday.harness.Substrate;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code k3s}: a disposable K3sContainer with the pinned operators; {@code kubernetes}: an
 * existing cluster through an explicit kubeconfig and context, in a namespace the harness creates
 * and labels. Both build the same {@link K8sEnvironment}. {@link #plan} is the dry run.
 */
public final class K8sSubstrate implements Substrate {
    /** Tarballs here are mounted where k3s imports images at start (see scripts/k3s-images.sh). */
    public static final String IMAGES_ENV = "GAMEDAY_K3S_IMAGES";

    private final K8sOptions options;
    private TeamCluster team; // --cluster-manifest, or null

    public K8sSubstrate(K8sOptions options) {
        this.options = options;
    }

    /**
     * Pod and Cluster deletes, SQL and S3 calls; not yet page corruption or broken archiving (they
     * need a shell in the instance's pod), and the environments have no standby, DR region or object
     * restore yet. A scenario that needs them is refused before k3s starts.
     */
    public static final Support SUPPORT = new Support(
            EnumSet.of(Fault.KILL, Fault.DESTROY, Fault.SQL, Fault.DELETE_BUCKET, Fault.DAMAGE_OBJECTS), Set.of());

    /** The team's own Cluster manifest for the primary ({@code --cluster-manifest}). */
    public K8sSubstrate withClusterManifest(TeamCluster team) {
        this.team = team;
        return this;
    }

    /** What --cluster-manifest rewrote for run {@code runId}, for --dry-run to print; empty without one. */
    public java.util.Optional<TeamCluster.Rewritten> teamCluster(String runId, EnvironmentSpec spec) {
        return manifests(runId).teamCluster(K8sEnvironment.PRIMARY, K8sEnvironment.PRIMARY, K8sEnvironment.BACKUP_BUCKET, spec.archiveTimeout());
    }

    private CnpgManifests manifests(String runId) {
        return new CnpgManifests(options.namespaceFor(runId), options, new OwnerLabel(runId)).withTeamCluster(team);
    }

    @Override
    public String name() {
        return options.flavour();
    }

    @Override
    public Support support() {
        return SUPPORT;
    }

    /** What {@link #create} would do, without touching any cluster: the {@code --dry-run} output. */
    public Plan plan(String runId, EnvironmentSpec spec) {
        return dryEnvironment(runId, spec).orchestrator().plan();
    }

    /**
     * The dry run of a whole PITR game day on this substrate: the environment, the fault, the
     * runbook's recovery {@code Cluster} to {@code target}, its waits and the switchover.
     */
    public Plan planPitr(String runId, EnvironmentSpec spec, String fault, Instant target) {
        K8sEnvironment env = dryEnvironment(runId, spec);
        env.orchestrator().step("fault", fault);
        env.endpoint().switchTo(env.recovery().pitr(target, gameday.harness.Phases.NONE));
        return env.orchestrator().plan();
    }

    private K8sEnvironment dryEnvironment(String runId, EnvironmentSpec spec) {
        Plan plan = new Plan();
        if (options.flavour().equals("k3s")) plan.add("start", "k3s container " + K8sOptions.K3S_IMAGE + " (privileged)", List.of(), null);
        else plan.add("connect", "kubeconfig " + options.kubeconfig() + ", context " + options.context(), List.of(), null);
        CnpgOrchestrator k = new CnpgOrchestrator(null, manifests(runId), plan, true,
                options.timeout());
        return new K8sEnvironment(k, options, spec, null).provision();
    }

    @Override
    public Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress) {
        if (options.dryRun()) throw new GameDayException("dry-run: call K8sSubstrate.plan(runId, spec) and print it instead of creating");
        if (!options.flavour().equals("k3s")) return attach(connect(), null, runId, spec, progress);
        K3sContainer k3s = k3sContainer();
        progress.note("environment", "starting " + K8sOptions.K3S_IMAGE + " for run " + runId);
        try {
            k3s.start();
        } catch (RuntimeException e) {
            throw new GameDayException("cannot start k3s (" + K8sOptions.K3S_IMAGE + "): it needs a Docker engine that can run privileged containers: "
                    + e.getMessage(), e);
        }
        return attach(clientFor(k3s), k3s, runId, spec, progress);
    }

    /**
     * Builds the environment in a cluster that is already running ({@code cluster} is closed with
     * the environment; null when someone else owns it, like a test's {@code @Container}).
     */
    public K8sEnvironment attach(KubernetesClient client, AutoCloseable cluster, String runId, EnvironmentSpec spec, Progress progress) {
        OwnerLabel owner = new OwnerLabel(runId);
        CnpgOrchestrator k = new CnpgOrchestrator(client, manifests(runId), new Plan(), false,
                options.timeout());
        K8sEnvironment env = new K8sEnvironment(k, options, spec, cluster);
        try {
            // "prints what it will create before creating it": the plan of a dry run, then the real thing
            progress.note("environment", "creating in " + options.namespaceFor(runId) + ":\n" + plan(runId, spec).render());
            return env.provision();
        } catch (RuntimeException e) {
            env.close();
            throw e instanceof GameDayException g ? g : new GameDayException("cannot build the " + name() + " environment: " + e.getMessage(), e);
        }
    }

    /** The pinned k3s image (K3sContainer runs it privileged), with preloaded image tarballs mounted when present. */
    public static K3sContainer k3sContainer() {
        K3sContainer k3s = new K3sContainer(DockerImageName.parse(K8sOptions.K3S_IMAGE));
        String images = System.getenv(IMAGES_ENV);
        if (images != null && Files.isDirectory(Path.of(images)))
            k3s.withFileSystemBind(images, "/var/lib/rancher/k3s/agent/images", org.testcontainers.containers.BindMode.READ_ONLY);
        return k3s;
    }

    public static KubernetesClient clientFor(K3sContainer k3s) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
    }

    /** Only the kubeconfig and context given: never ~/.kube/config's current context by accident. */
    private KubernetesClient connect() {
        try {
            String yaml = Files.readString(options.kubeconfig());
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(options.context(), yaml, options.kubeconfig().toString())).build();
        } catch (java.io.IOException e) {
            throw new GameDayException("cannot read kubeconfig " + options.kubeconfig() + ": " + e.getMessage(), e);
        }
    }
}
