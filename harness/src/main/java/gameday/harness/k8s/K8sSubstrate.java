package gameday.harness.k8s;

import gameday.harness.Capability;
import gameday.harness.DatabaseCluster;
import gameday.harness.Environment;
import gameday.harness.Phases;
import gameday.harness.Procedure;
import gameday.harness.Scenario;
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
     * Pod and Cluster deletes, SQL and S3 calls; a DR region (a second namespace with a replica
     * cluster fed from the replicated buckets) and object restore from its replica bucket. Not yet
     * page corruption or broken archiving (they need a shell in the instance's pod), nor a streaming
     * standby. A scenario that needs them is refused before k3s starts.
     */
    public static final Support SUPPORT = new Support(
            EnumSet.of(Fault.KILL, Fault.DESTROY, Fault.SQL, Fault.DELETE_BUCKET, Fault.DAMAGE_OBJECTS),
            EnumSet.of(Capability.DR_REGION, Capability.DR_STANDBY, Capability.OBJECT_RESTORE));

    /** The team's own Cluster manifest for the primary ({@code --cluster-manifest}). */
    public K8sSubstrate withClusterManifest(TeamCluster team) {
        this.team = team;
        return this;
    }

    /** What --cluster-manifest rewrote for run {@code runId}, for --dry-run to print; empty without one. */
    public java.util.Optional<TeamCluster.Rewritten> teamCluster(String runId, String scenario, EnvironmentSpec spec) {
        return manifests(options, runId, scenario, spec).teamCluster(K8sEnvironment.PRIMARY, K8sEnvironment.PRIMARY, K8sEnvironment.BACKUP_BUCKET, spec.archiveTimeout());
    }

    private CnpgManifests manifests(K8sOptions o, String runId, String scenario, EnvironmentSpec spec) {
        return new CnpgManifests(o.namespaceFor(runId, scenario), o, new OwnerLabel(runId), spec.walMaxParallel()).withTeamCluster(team);
    }

    @Override
    public String name() {
        return options.flavour();
    }

    @Override
    public Support support() {
        return SUPPORT;
    }

    /** What {@link #create} would build for {@code scenario}, without touching any cluster. */
    public Plan plan(String runId, String scenario, EnvironmentSpec spec) {
        return dryEnvironment(runId, scenario, spec).orchestrator().plan();
    }

    /**
     * The dry run of one scenario's game day on this substrate ({@code --dry-run}): its environment,
     * the faults it declares, and the runbook procedure its {@code recover} follows, each step
     * recorded by the same code that would perform it. {@code target} is the PITR target shown.
     * A scenario this substrate cannot run is refused here, as a real run refuses it.
     */
    public Plan planScenario(String runId, Scenario scenario, Instant target) {
        Scenario.Info info = scenario.info();
        SUPPORT.refusal(info, name()).ifPresent(why -> {
            throw new GameDayException(why);
        });
        K8sEnvironment env = dryEnvironment(runId, info.name(), scenario.environment());
        CnpgOrchestrator k = env.orchestrator();
        Phases none = Phases.NONE;
        // the runner's steady state, the same for every scenario (run.SteadyState)
        k.step("steady-state", "the workload writes through " + K8sEnvironment.APP_SERVICE + " for " + scenario.steadyState().toSeconds()
                + " s; an on-demand base backup of " + K8sEnvironment.PRIMARY + " (a Backup, method " + (options.backupForm() == BackupForm.PLUGIN
                ? "plugin" : "barmanObjectStore") + "); archiving healthy");
        DatabaseCluster standby = scenario.procedure() == Procedure.PROMOTE_DR
                ? env.drRegion().orElseThrow().standby(options.timeout()) : null;
        for (Fault f : Fault.values()) {
            if (!info.faults().contains(f)) continue;
            switch (f) {
                case KILL -> env.faults().kill(env.primary());
                case DESTROY -> env.faults().destroy(env.primary());
                case DELETE_BUCKET -> {
                    k.step("fault", "cut the replication between the regions");
                    env.faults().deleteBucket(K8sEnvironment.BACKUP_BUCKET);
                    env.faults().deleteBucket(K8sEnvironment.APP_BUCKET);
                }
                case DAMAGE_OBJECTS -> k.step("fault", "delete and overwrite objects in s3://" + K8sEnvironment.APP_BUCKET);
                case SQL -> k.step("fault", "destructive SQL through the application's connection: " + info.summary());
                default -> throw new GameDayException("fault " + f.label() + " has no Kubernetes form"); // refused above
            }
        }
        switch (scenario.procedure()) {
            case RESTART -> env.primary().start(options.timeout());
            case PITR -> env.endpoint().switchTo(env.recovery().pitr(target, none));
            case LATEST, FULL_REBUILD -> env.endpoint().switchTo(env.recovery().latest(none));
            case PROMOTE_DR -> env.endpoint().switchTo(env.recovery().promoteStandby(standby, none), env.drRegion().orElseThrow().appBucket());
            case RESTORE_OBJECTS -> env.recovery().restoreObjects(env.drRegion().orElseThrow().appBucket(), K8sEnvironment.APP_BUCKET, none);
            case NONE -> k.step("check", "nothing is recovered: the checks judge the damage");
            default -> throw new GameDayException(info.name() + ": procedure " + scenario.procedure() + " has no Kubernetes form");
        }
        return k.plan();
    }

    private K8sEnvironment dryEnvironment(String runId, String scenario, EnvironmentSpec spec) {
        Plan plan = new Plan();
        if (options.flavour().equals("k3s")) plan.add("start", "k3s container " + K8sOptions.K3S_IMAGE + " (privileged)", List.of(), null);
        else plan.add("connect", "kubeconfig " + options.kubeconfig() + ", context " + options.context(), List.of(), null);
        if (options.clusterDomain() == null)
            plan.add("discover", "the cluster domain from the kubelet's configz (shown here as " + K8sOptions.DEFAULT_CLUSTER_DOMAIN
                    + "; --cluster-domain sets it)", List.of(), null);
        CnpgOrchestrator k = new CnpgOrchestrator(null, manifests(options, runId, scenario, spec), plan, true, options.timeout());
        return new K8sEnvironment(k, options, spec, null).provision();
    }

    @Override
    public Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress) {
        if (options.dryRun()) throw new GameDayException("dry-run: call K8sSubstrate.planScenario and print it instead of creating");
        String scenario = scenarioOf(dir);
        if (!options.flavour().equals("k3s")) return attach(connect(), null, runId, scenario, spec, progress);
        K3sContainer k3s = k3sContainer();
        progress.note("environment", "starting " + K8sOptions.K3S_IMAGE + " for run " + runId);
        try {
            k3s.start();
        } catch (RuntimeException e) {
            throw new GameDayException("cannot start k3s (" + K8sOptions.K3S_IMAGE + "): it needs a Docker engine that can run privileged containers: "
                    + e.getMessage(), e);
        }
        return attach(clientFor(k3s), k3s, runId, scenario, spec, progress);
    }

    /** The runner builds each scenario's environment under {@code <run>/<scenario>/env}: the scenario names the namespace. */
    public static String scenarioOf(Path dir) {
        Path named = dir.getFileName() != null && dir.getFileName().toString().equals("env") && dir.getParent() != null ? dir.getParent() : dir;
        String s = named.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return s.isEmpty() ? "env" : s;
    }

    /**
     * Builds the environment in a cluster that is already running ({@code cluster} is closed with
     * the environment; null when someone else owns it, like a test's {@code @Container}).
     */
    public K8sEnvironment attach(KubernetesClient client, AutoCloseable cluster, String runId, String scenario, EnvironmentSpec spec,
                                 Progress progress) {
        OwnerLabel owner = new OwnerLabel(runId);
        String ns = options.namespaceFor(runId, scenario);
        K8sOptions o = options;
        K8sEnvironment env = null;
        try {
            if (o.clusterDomain() == null) o = o.withClusterDomain(clusterDomain(client));
            CnpgOrchestrator k = new CnpgOrchestrator(client, manifests(o, runId, scenario, spec), new Plan(), false, o.timeout());
            env = new K8sEnvironment(k, o, spec, cluster);
            // "prints what it will create before creating it": the plan of a dry run, then the real thing
            progress.note("environment", "creating in " + ns + ":\n" + new K8sSubstrate(o).withClusterManifest(team).plan(runId, scenario, spec).render());
            return env.provision();
        } catch (RuntimeException e) {
            if (env != null) env.close();
            else closeQuietly(client, cluster);
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

    private static void closeQuietly(KubernetesClient client, AutoCloseable cluster) {
        client.close();
        try {
            if (cluster != null) cluster.close();
        } catch (Exception ignored) {
            // the original failure is the one to report
        }
    }

    /**
     * The cluster's DNS domain, as its kubelets were configured ({@code clusterDomain} of the
     * KubeletConfiguration, read through the API server's node proxy, {@code /configz}). A cluster
     * that does not let us read it must be told with {@code --cluster-domain}.
     */
    static String clusterDomain(KubernetesClient client) {
        String node = null;
        try {
            var nodes = client.nodes().list().getItems();
            if (nodes.isEmpty()) throw new GameDayException("the cluster has no nodes");
            node = nodes.get(0).getMetadata().getName();
            String json = client.raw("/api/v1/nodes/" + node + "/proxy/configz");
            if (json == null) throw new GameDayException("no answer");
            String domain = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("kubeletconfig").path("clusterDomain").asText("");
            if (domain.isBlank()) throw new GameDayException("the kubelet configuration names no clusterDomain");
            return domain;
        } catch (Exception e) {
            throw new GameDayException("cannot discover the cluster domain from the kubelet of node " + node
                    + " (GET /api/v1/nodes/" + node + "/proxy/configz): " + e.getMessage() + "; pass --cluster-domain", e);
        }
    }

    private KubernetesClient connect() {
        return connect(options);
    }

    /** Only the kubeconfig and context given: never ~/.kube/config's current context by accident. */
    public static KubernetesClient connect(K8sOptions options) {
        try {
            String yaml = Files.readString(options.kubeconfig());
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(options.context(), yaml, options.kubeconfig().toString())).build();
        } catch (java.io.IOException e) {
            throw new GameDayException("cannot read kubeconfig " + options.kubeconfig() + ": " + e.getMessage(), e);
        }
    }
}
