package gameday.harness.k8s;

import gameday.harness.DatabaseCluster;
import gameday.harness.GameDayException;
import gameday.harness.run.RecoveryCommand;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a team's recovery command gets on the k3s and kubernetes substrates: a KUBECONFIG for the
 * disposable cluster, the namespace, the damaged Cluster and its backups, and the application's
 * ExternalName service. Its switchover contract is the runbook's own: patch that service to the
 * recovered cluster's {@code -rw} service; the harness reads where it points.
 */
public final class K8sRunbookSite implements RecoveryCommand.Site {
    private final CnpgOrchestrator k;
    private final Path workRoot;
    private final String service;
    private final String damaged;
    private final int instances;
    private final Map<String, String> vars;
    private final Collection<String> secrets;

    /**
     * @param vars    the environment every run gets (KUBECONFIG, the store, the form …)
     * @param secrets values never to be logged (the S3 keys)
     */
    public K8sRunbookSite(CnpgOrchestrator k, Path workRoot, String service, String damaged, int instances, Map<String, String> vars,
                          Collection<String> secrets) {
        this.k = k;
        this.workRoot = workRoot;
        this.service = service;
        this.damaged = damaged;
        this.instances = instances;
        this.vars = Map.copyOf(vars);
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public Map<String, String> prepare(int n) {
        try {
            Files.createDirectories(workDir(n));
        } catch (IOException e) {
            throw new GameDayException("cannot prepare the work directory of the recovery command: " + e.getMessage());
        }
        Map<String, String> v = new LinkedHashMap<>(vars);
        v.put("GAMEDAY_NAMESPACE", k.manifests().namespace());
        v.put("GAMEDAY_CLUSTER", damaged);
        v.put("GAMEDAY_SERVICE", service);
        v.put("GAMEDAY_SWITCHOVER_FILE", workDir(n).resolve("switchover").toString()); // unused here: the service is the contract
        return v;
    }

    @Override
    public Path workDir(int n) {
        return workRoot.resolve("runbook-" + n);
    }

    @Override
    public Path logDir() {
        return workRoot;
    }

    @Override
    public List<String> wrap(List<String> command) {
        return command; // kubectl needs no service user
    }

    /** The Cluster behind the ExternalName service, when the command moved it off the damaged one. */
    @Override
    public Optional<DatabaseCluster> switchedTo(int n) {
        Service s = k.client().services().inNamespace(k.manifests().namespace()).withName(service).get();
        if (s == null) throw new GameDayException("the application's service " + service + " is gone: the recovery command deleted it");
        return clusterBehind(s.getSpec().getExternalName(), k.manifests().namespace())
                .filter(c -> !c.equals(damaged))
                .map(c -> {
                    if (k.cluster(c) == null)
                        throw new GameDayException("the recovery command pointed " + service + " at " + s.getSpec().getExternalName() + ", but there is no Cluster " + c);
                    return new CnpgCluster(k, c, c, instances);
                });
    }

    /** {@code name} of {@code <name>-rw.<namespace>.svc[.<domain>]}, the read-write service CNPG creates for a Cluster. */
    static Optional<String> clusterBehind(String externalName, String namespace) {
        if (externalName == null) return Optional.empty();
        String suffix = "-rw." + namespace + ".svc";
        int i = externalName.indexOf(suffix);
        return i > 0 ? Optional.of(externalName.substring(0, i)) : Optional.empty();
    }

    @Override
    public void reap(int n) {
        // what the command applied lives in the namespace, which the environment deletes
    }

    @Override
    public Collection<String> secrets() {
        return secrets;
    }
}
