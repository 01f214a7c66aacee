/**
 * The Kubernetes substrates: {@code k3s} (a disposable K3sContainer) and {@code kubernetes} (an
 * existing cluster through an explicit kubeconfig and context), both running the real
 * CloudNativePG operator from the pinned manifests in {@code fixtures/.../k8s/}.
 *
 * <p>How a caller (the CLI) uses them:
 * <pre>{@code
 * K8sOptions o = K8sOptions.k3s();                                   // --substrate k3s
 * K8sOptions o = K8sOptions.kubernetes(Path.of(kubeconfig), context) // --substrate kubernetes --kubeconfig F --context C
 *         .withNamespace(prefix)                                     // optional; default gameday-<runId>, + "-<scenario>"
 *         .withBackupForm(BackupForm.IN_TREE)                        // optional; PLUGIN by default
 *         .withS3(S3Flavour.RUSTFS)                                  // optional; MINIO by default
 *         .withClusterDomain("corp.internal");                       // optional; read from the kubelet by default
 * Substrate s = new K8sSubstrate(o);
 * s.create(runId, dir, spec, progress);                              // a real run: prints the plan, then builds
 * new K8sSubstrate(o).plan(runId, scenario, spec).render();          // the environment's manifests and steps, nothing applied
 * new K8sSubstrate(o).planScenario(runId, scenario, t).render();     // --dry-run: a scenario's environment, faults and procedure
 * }</pre>
 * {@code gameday drill --substrate kubernetes} uses {@link gameday.harness.k8s.K8sDrill}: a read-only
 * recovery Cluster in a namespace of its own ({@code <prefix>-drill}).
 * Each scenario gets a namespace of its own, and a scenario that asks for a DR region a second
 * one ({@code <namespace>-dr}, {@link gameday.harness.k8s.K8sDrRegion}).
 * The run id must be a valid label value (lower case, digits, '-', '.'): it becomes the
 * {@value gameday.harness.k8s.OwnerLabel#LABEL} label that every patch and delete checks.
 */
package gameday.harness.k8s;
