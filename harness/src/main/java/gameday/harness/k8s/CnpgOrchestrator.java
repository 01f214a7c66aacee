package gameday.harness.k8s;

import gameday.harness.GameDayException;
import gameday.harness.wait.Wait;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The runbook's verbs against a cluster through the fabric8 client: apply, wait on CNPG status,
 * inject faults, switch over, promote. Every write is recorded in the {@link Plan} first; in
 * dry-run mode that is all that happens. Every patch and delete first checks the ownership label.
 */
public final class CnpgOrchestrator {
    private final KubernetesClient client;
    private final CnpgManifests manifests;
    private final OwnerLabel owner;
    private final String ns;
    private final Plan plan;
    private final boolean dryRun;
    private final Duration timeout;
    private Duration pollInterval = Duration.ofSeconds(1);

    public CnpgOrchestrator(KubernetesClient client, CnpgManifests manifests, Plan plan, boolean dryRun, Duration timeout) {
        this.client = client;
        this.manifests = manifests;
        this.owner = manifests.owner();
        this.ns = manifests.namespace();
        this.plan = plan;
        this.dryRun = dryRun;
        this.timeout = timeout;
    }

    /** Tests drive status by hand and need not wait a second between polls. */
    public CnpgOrchestrator pollEvery(Duration d) {
        this.pollInterval = d;
        return this;
    }

    public CnpgManifests manifests() {
        return manifests;
    }

    public Plan plan() {
        return plan;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Creates the namespace with the label, or reuses one this run already labelled and that is not
     * being deleted; any other namespace is refused. A Terminating namespace refuses every create, so
     * its label matching says nothing about whether the game day can run in it.
     */
    public void createNamespace() {
        Namespace n = manifests.namespaceResource();
        plan.add("apply", "create namespace " + ns + " labelled " + OwnerLabel.LABEL + "=" + owner.runId(), List.of(n), null);
        if (dryRun) return;
        Namespace existing = client.namespaces().withName(ns).get();
        if (existing != null) {
            owner.require(existing);
            if (terminating(existing))
                throw new GameDayException("namespace " + ns + " is being deleted (Terminating): refusing to build in it;"
                        + " wait until it is gone or use another --namespace");
            return;
        }
        client.resource(n).create();
    }

    /** A namespace being deleted: the API server sets deletionTimestamp, the namespace controller phase Terminating. */
    static boolean terminating(Namespace n) {
        return n.getMetadata().getDeletionTimestamp() != null
                || (n.getStatus() != null && "Terminating".equals(n.getStatus().getPhase()));
    }

    /** Creates each resource; an existing one is replaced only if this run owns it. */
    public void apply(String description, HasMetadata... resources) {
        plan.add("apply", description, List.of(resources), null);
        if (dryRun) return;
        for (HasMetadata r : resources) {
            owner.stamp(r);
            HasMetadata existing = resource(r).get();
            if (existing == null) {
                resource(r).create();
            } else {
                owner.require(existing);
                r.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
                resource(r).update();
            }
        }
    }

    /** A JSON merge patch on a CNPG or plugin resource this run owns. */
    public void patch(String apiVersion, String kind, String name, Map<String, Object> patch, String description) {
        plan.add("patch", description + " (" + kind + " " + name + ")", List.of(), patch);
        if (dryRun) return;
        owner.require(generic(apiVersion, kind).withName(name).get());
        generic(apiVersion, kind).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    }

    /** Points the application's ExternalName service at {@code cluster}'s read-write service. */
    public void switchover(String service, String cluster) {
        switchoverTo(service, manifests.rwHost(cluster));
    }

    /** Points the application's ExternalName service at {@code host}, which may be in another namespace (the DR region). */
    public void switchoverTo(String service, String host) {
        Map<String, Object> patch = CnpgManifests.switchoverPatch(host);
        plan.add("patch", "switch the application service " + service + " over to " + host, List.of(), patch);
        if (dryRun) return;
        owner.require(client.services().inNamespace(ns).withName(service).get());
        client.services().inNamespace(ns).withName(service).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    }

    /** Region loss: detach the replica cluster from its (lost) source and wait until it serves writes. */
    public void promoteReplica(String cluster, int instances) {
        patch(CnpgManifests.CNPG_API, "Cluster", cluster, CnpgManifests.promotePatch(), "promote the replica cluster");
        // Ready from before the patch says nothing: wait for a Ready that has seen the new generation
        long generation = dryRun ? 0 : generationOf(cluster(cluster));
        await("Cluster " + cluster + " to be promoted: Ready=True for generation " + generation + ", no replica switch in progress", () -> {
            GenericKubernetesResource c = cluster(cluster);
            return c != null && CnpgStatus.readyInstances(c) >= instances && CnpgStatus.conditionTrue(c, "Ready")
                    && CnpgStatus.observedGeneration(c, "Ready") >= generation && !CnpgStatus.replicaSwitchInProgress(c);
        });
    }

    private static long generationOf(GenericKubernetesResource r) {
        Long g = r == null ? null : r.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    /** Fault: the primary's pod goes away without a graceful shutdown. */
    public String deletePrimaryPod(String cluster) {
        plan.add("fault", "delete the primary pod of " + cluster + " with grace period 0", List.of(), null);
        if (dryRun) return "(dry-run)";
        String pod = primaryPod(cluster);
        owner.require(client.pods().inNamespace(ns).withName(pod).get());
        client.pods().inNamespace(ns).withName(pod).withGracePeriod(0).delete();
        return pod;
    }

    /** Fault: the whole {@code Cluster} (its pods and PVCs follow through owner references). */
    public void deleteCluster(String cluster) {
        plan.add("fault", "delete Cluster " + cluster, List.of(), null);
        if (dryRun) return;
        Resource<GenericKubernetesResource> r = generic(CnpgManifests.CNPG_API, "Cluster").withName(cluster);
        owner.require(r.get());
        r.delete();
    }

    /** Runs SQL with psql inside the primary pod, as an operator with kubectl exec would; returns its output. */
    public String execSql(String cluster, String sql) {
        plan.add("exec", "psql in the primary of " + cluster + ": " + sql, List.of(), null);
        if (dryRun) return "";
        String pod = primaryPod(cluster);
        owner.require(client.pods().inNamespace(ns).withName(pod).get());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = client.pods().inNamespace(ns).withName(pod).inContainer("postgres").writingOutput(out).writingError(err)
                .exec("psql", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)) {
            int code = w.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (code != 0) throw new GameDayException("psql in " + pod + " exited " + code + ": " + err.toString(StandardCharsets.UTF_8).strip());
            return out.toString(StandardCharsets.UTF_8).strip();
        } catch (GameDayException e) {
            throw e;
        } catch (Exception e) {
            throw new GameDayException("cannot run psql in " + pod + ": " + e.getMessage(), e);
        }
    }

    public GenericKubernetesResource cluster(String name) {
        return generic(CnpgManifests.CNPG_API, "Cluster").withName(name).get();
    }

    public String primaryPod(String cluster) {
        GenericKubernetesResource c = cluster(cluster);
        if (c == null) throw new GameDayException("Cluster " + cluster + " does not exist in " + ns);
        Object pod = CnpgStatus.of(c).get("currentPrimary");
        if (pod == null) throw new GameDayException("Cluster " + cluster + " reports no current primary yet");
        return pod.toString();
    }

    /** Records a step the orchestrator does not perform itself (e.g. S3 calls); returns whether to perform it. */
    public boolean step(String action, String description) {
        plan.add(action, description, List.of(), null);
        return !dryRun;
    }

    public void awaitDeploymentReady(String name) {
        await("Deployment " + name + " to have an available replica", () -> {
            var d = client.apps().deployments().inNamespace(ns).withName(name).get();
            return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null && d.getStatus().getAvailableReplicas() > 0;
        });
    }

    /** Waits until {@code readyInstances} reaches {@code instances} and the {@code Ready} condition is true. */
    public void awaitReady(String cluster, int instances) {
        await("Cluster " + cluster + " to have " + instances + " ready instance(s) and condition Ready=True", () -> {
            GenericKubernetesResource c = cluster(cluster);
            return c != null && CnpgStatus.readyInstances(c) >= instances && CnpgStatus.conditionTrue(c, "Ready");
        });
    }

    /** Waits until the operator reports WAL archiving working ({@code ContinuousArchiving=True}). */
    public void awaitArchiving(String cluster) {
        await("Cluster " + cluster + " to report condition ContinuousArchiving=True", () -> {
            GenericKubernetesResource c = cluster(cluster);
            return c != null && CnpgStatus.conditionTrue(c, "ContinuousArchiving");
        });
    }

    /** Waits until a {@code Backup} CR reaches phase completed; a failed phase stops the wait at once. */
    public void awaitBackup(String backup) {
        Callable<Boolean> failed = () -> "failed".equals(CnpgStatus.of(generic(CnpgManifests.CNPG_API, "Backup").withName(backup).get()).get("phase"));
        await("Backup " + backup + " to reach phase completed", () -> {
            GenericKubernetesResource b = generic(CnpgManifests.CNPG_API, "Backup").withName(backup).get();
            return b != null && "completed".equals(CnpgStatus.of(b).get("phase"));
        }, failed);
    }

    private void await(String what, Callable<Boolean> done) {
        await(what, done, () -> false);
    }

    private void await(String what, Callable<Boolean> done, Callable<Boolean> hopeless) {
        plan.add("wait", what + " (at most " + timeout.toSeconds() + " s)", List.of(), null);
        if (dryRun) return;
        Wait.forThe(what).atMost(timeout).pollEvery(pollInterval).failFast("the operator reports failure", hopeless).until(done);
    }

    public NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> generic(
            String apiVersion, String kind) {
        return client.genericKubernetesResources(context(apiVersion, kind)).inNamespace(ns);
    }

    /** CNPG and plugin kinds are namespaced and pluralise regularly; naming the context avoids API discovery. */
    static ResourceDefinitionContext context(String apiVersion, String kind) {
        String[] gv = apiVersion.split("/");
        return new ResourceDefinitionContext.Builder().withGroup(gv[0]).withVersion(gv[1]).withKind(kind)
                .withPlural(kind.toLowerCase(java.util.Locale.ROOT) + "s").withNamespaced(true).build();
    }

    @SuppressWarnings("unchecked")
    private Resource<HasMetadata> resource(HasMetadata r) {
        if (r instanceof GenericKubernetesResource g)
            return (Resource<HasMetadata>) (Resource<?>) generic(g.getApiVersion(), g.getKind()).resource(g);
        return (Resource<HasMetadata>) (Resource<?>) client.resource(r);
    }
}
