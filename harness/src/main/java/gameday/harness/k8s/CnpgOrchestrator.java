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
import java.util.Set;
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

    /**
     * Region loss: detach the replica cluster from its (lost) source and wait until it serves writes.
     * CNPG writes no {@code observedGeneration} on its conditions (pkg/resources/status/transactions.go),
     * so, as its own e2e does (tests/e2e/replica_mode_cluster_test.go at v1.30.0): set
     * {@code replica.enabled=false}, wait for the cluster to be healthy, and ask the primary itself
     * whether it is still in recovery; a stale Ready from before the patch cannot pass that.
     */
    public void promoteReplica(String cluster, int instances) {
        patch(CnpgManifests.CNPG_API, "Cluster", cluster, CnpgManifests.promotePatch(), "promote the replica cluster");
        await("Cluster " + cluster + " to be promoted: " + healthy(instances) + ", and " + IN_RECOVERY + " false in its primary", () -> {
            GenericKubernetesResource c = cluster(cluster);
            return CnpgStatus.healthy(c, instances) && "f".equals(probeSql(c, IN_RECOVERY));
        });
    }

    /** Upstream's query (tests/internal/asserts/postgres/postgres.go, AssertPgRecoveryMode). */
    static final String IN_RECOVERY = "SELECT pg_catalog.pg_is_in_recovery()";

    /**
     * After a promotion: a WAL segment written by the promoted primary reaches the archive. The
     * {@code ContinuousArchiving} condition alone proves nothing then: a replica cluster archives
     * too ({@code archive_mode=always}, pkg/postgres/configuration.go), so the condition is already
     * True and keeps its lastTransitionTime (meta.SetStatusCondition moves it only on a status
     * change, pkg/resources/status/conditions.go). As CNPG's e2e proves archiving
     * (tests/internal/asserts/objectstore/objectstore.go, SwitchWalAndGetLatestArchive): switch WAL
     * in the primary, then wait for that segment in {@code pg_stat_archiver}. Returns the segment.
     */
    public String awaitArchivingAfterPromotion(String cluster) {
        String segment = execSql(cluster, SWITCH_WAL);
        await("WAL segment " + (dryRun ? "it switched to" : segment) + " of the promoted " + cluster + " to reach the archive (pg_stat_archiver.last_archived_wal)"
                + " and condition ContinuousArchiving=True", () -> {
            GenericKubernetesResource c = cluster(cluster);
            String last = CnpgStatus.conditionTrue(c, "ContinuousArchiving") ? probeSql(c, LAST_ARCHIVED) : null;
            return last != null && last.compareTo(segment) >= 0;
        });
        return dryRun ? "(dry-run)" : segment;
    }

    static final String SWITCH_WAL = "SELECT pg_catalog.pg_walfile_name(pg_switch_wal())";
    static final String LAST_ARCHIVED = "SELECT last_archived_wal FROM pg_stat_archiver";

    /** psql in the primary as a probe inside a wait: not planned again on every poll; failing counts as "not yet". */
    private String probeSql(GenericKubernetesResource c, String sql) {
        Object pod = CnpgStatus.of(c).get("currentPrimary");
        if (pod == null) return null;
        try {
            return psql(pod.toString(), sql);
        } catch (GameDayException e) {
            return null;
        }
    }

    /**
     * The primary's pod as the fault found it. The kill is over once the primary is another pod
     * (a new UID, whatever its name: CNPG recreates an instance under the same name) or the same
     * pod with its postgres container restarted.
     */
    public record PodState(String name, String uid, int restarts) {
        boolean replacedBy(Pod p) {
            return p != null && p.getMetadata().getDeletionTimestamp() == null
                    && (!p.getMetadata().getUid().equals(uid) || restartsOf(p) > restarts);
        }
    }

    /**
     * CNPG's e2e deletes a primary with a "quick deletion period" of 1 s (tests/e2e/suite_test.go,
     * used in failover_test.go), not 0: grace 0 removes the Pod object while its container may
     * still run on the same volume.
     */
    public static final long KILL_GRACE_SECONDS = 1;

    /** Fault: the primary's pod goes away without a graceful shutdown. */
    public PodState deletePrimaryPod(String cluster) {
        plan.add("fault", "delete the primary pod of " + cluster + " with grace period " + KILL_GRACE_SECONDS + " s", List.of(), null);
        if (dryRun) return new PodState("(dry-run)", "", 0);
        String name = primaryPod(cluster);
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        owner.require(pod);
        client.pods().inNamespace(ns).withName(name).withGracePeriod(KILL_GRACE_SECONDS).delete();
        return new PodState(name, pod.getMetadata().getUid(), restartsOf(pod));
    }

    static int restartsOf(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) return 0;
        return p.getStatus().getContainerStatuses().stream().filter(s -> "postgres".equals(s.getName()))
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
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
        return psql(pod, sql);
    }

    private String psql(String pod, String sql) {
        Exec r = exec(pod, "psql", "-v", "ON_ERROR_STOP=1", "-At", "-c", sql);
        if (r.code() != 0) throw new GameDayException("psql in " + pod + " exited " + r.code() + ": " + r.err().strip());
        return r.out().strip();
    }

    /** What a command run in a pod's {@code postgres} container printed, and its exit code. */
    public record Exec(int code, String out, String err) {}

    /** Runs a command in {@code pod}'s postgres container, as kubectl exec would, within the timeout. */
    Exec exec(String pod, String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = client.pods().inNamespace(ns).withName(pod).inContainer("postgres").writingOutput(out).writingError(err)
                .exec(command)) {
            int code = w.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Exec(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new GameDayException("cannot run " + command[0] + " in " + pod + ": " + e.getMessage(), e);
        }
    }

    /** Deletes this orchestrator's namespace, only if this run labelled it; deletion goes on in the background. */
    public void deleteNamespace() {
        plan.add("delete", "namespace " + ns + " (only if labelled " + OwnerLabel.LABEL + "=" + owner.runId() + ")", List.of(), null);
        if (dryRun) return;
        Namespace n = client.namespaces().withName(ns).get();
        if (n == null) return;
        owner.require(n);
        client.namespaces().withName(ns).delete();
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

    /** Waits until the cluster is healthy as CNPG's e2e judges it (tests/internal/asserts/cluster/cluster.go, AssertClusterIsReady). */
    public void awaitReady(String cluster, int instances) {
        await("Cluster " + cluster + " to have " + healthy(instances), () -> CnpgStatus.healthy(cluster(cluster), instances));
    }

    /**
     * After a kill: the status from before it still says Ready, so first the transition (the
     * primary is a new pod, or its container restarted, and that pod is Ready), then the cluster healthy.
     */
    public void awaitReplaced(String cluster, int instances, PodState killed) {
        await("Cluster " + cluster + " to replace its killed primary pod " + killed.name() + " (a new pod or a restarted container, Ready)"
                + " and have " + healthy(instances), () -> {
            GenericKubernetesResource c = cluster(cluster);
            Object primary = CnpgStatus.of(c).get("currentPrimary");
            if (primary == null || !CnpgStatus.healthy(c, instances)) return false;
            Pod p = client.pods().inNamespace(ns).withName(primary.toString()).get();
            return killed.replacedBy(p) && podReady(p);
        });
    }

    /** The kubelet's Ready condition of the pod. */
    private static boolean podReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String healthy(int instances) {
        return instances + " ready instance(s), phase \"" + CnpgStatus.PHASE_HEALTHY + "\" and condition Ready=True";
    }

    /** Waits until the operator reports WAL archiving working ({@code ContinuousArchiving=True}) on a new cluster. */
    public void awaitArchiving(String cluster) {
        await("Cluster " + cluster + " to report condition ContinuousArchiving=True", () -> {
            GenericKubernetesResource c = cluster(cluster);
            return c != null && CnpgStatus.conditionTrue(c, "ContinuousArchiving");
        });
    }

    /**
     * Every phase in which CNPG leaves a Backup for good (api/v1/backup_types.go at v1.30.0):
     * completed, and these, after which it will not complete.
     */
    static final Set<String> BACKUP_HOPELESS = Set.of("failed", "walArchivingFailing", "invalid backup definition");

    /** Waits until a {@code Backup} CR reaches phase completed; any other terminal phase stops the wait at once. */
    public void awaitBackup(String backup, Duration atMost) {
        Resource<GenericKubernetesResource> r = generic(CnpgManifests.CNPG_API, "Backup").withName(backup);
        await("Backup " + backup + " to reach phase completed", atMost, () -> "completed".equals(CnpgStatus.of(r.get()).get("phase")),
                () -> BACKUP_HOPELESS.contains(String.valueOf(CnpgStatus.of(r.get()).get("phase"))), () -> {
                    Map<String, Object> st = CnpgStatus.of(r.get());
                    return "the Backup is in phase " + st.get("phase") + (st.get("error") == null ? "" : ": " + st.get("error"));
                });
    }

    void await(String what, Callable<Boolean> done) {
        await(what, timeout, done, () -> false, () -> "");
    }

    void await(String what, Duration atMost, Callable<Boolean> done, Callable<Boolean> hopeless, Callable<String> why) {
        plan.add("wait", what + " (at most " + atMost.toSeconds() + " s)", List.of(), null);
        if (dryRun) return;
        Wait.forThe(what).atMost(atMost).pollEvery(pollInterval).failFast(hopeless, why).until(done);
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
