package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Capability;
import gameday.harness.Fault;
import gameday.harness.GameDayException;
import gameday.harness.Procedure;
import gameday.harness.Scenario;
import gameday.harness.k8s.BackupForm;
import gameday.harness.k8s.CnpgManifests;
import gameday.harness.k8s.CrdSchemas;
import gameday.harness.k8s.K8sOptions;
import gameday.harness.k8s.K8sSubstrate;
import gameday.harness.k8s.Plan;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code gameday run --dry-run} for every scenario x {k3s, kubernetes} x {plugin, in-tree}: each plan
 * shows its own scenario's faults and recovery procedure and no other's, every custom resource in it
 * passes the CRD schemas of the pinned manifests, and a scenario the substrate cannot run is refused
 * with the reason instead of planned.
 */
class DryRunPlanTest {
    static final Instant TARGET = Instant.parse("2026-11-23T13:45:01.123456Z");
    static CrdSchemas schemas;

    @BeforeAll
    static void load() throws Exception {
        schemas = CrdSchemas.load(K8sOptions.CNPG_MANIFEST, K8sOptions.PLUGIN_MANIFEST);
    }

    static Stream<Arguments> everyScenarioOnEveryK8sForm() {
        List<Arguments> all = new ArrayList<>();
        for (Scenario sc : Catalogue.all())
            for (String flavour : List.of("k3s", "kubernetes"))
                for (BackupForm form : BackupForm.values()) all.add(Arguments.of(sc.info().name(), flavour, form));
        return all.stream();
    }

    static K8sOptions options(String flavour, BackupForm form) {
        K8sOptions base = flavour.equals("k3s") ? K8sOptions.k3s() : K8sOptions.kubernetes(Path.of("/tmp/kubeconfig"), "ctx");
        return base.withBackupForm(form).withDryRun(true);
    }

    @ParameterizedTest(name = "{0} on {1}, {2}")
    @MethodSource("everyScenarioOnEveryK8sForm")
    void eachScenarioPlansItsOwnStepsAndOnlyThose(String name, String flavour, BackupForm form) {
        Scenario sc = Catalogue.byName(name);
        K8sSubstrate substrate = new K8sSubstrate(options(flavour, form));
        List<String> lacks = K8sSubstrate.SUPPORT.lacks(sc.info());
        if (!lacks.isEmpty()) {
            GameDayException e = assertThrows(GameDayException.class, () -> substrate.planScenario("r1", sc, TARGET));
            assertTrue(e.getMessage().startsWith("scenario " + name + " cannot run on --substrate " + flavour), e.getMessage());
            for (String l : lacks) assertTrue(e.getMessage().contains(l), e.getMessage());
            return;
        }
        Plan plan = substrate.planScenario("r1", sc, TARGET);
        String out = plan.render();
        Map<String, Boolean> expected = expectedMarkers(sc);
        for (var m : expected.entrySet())
            assertEquals(m.getValue(), out.contains(m.getKey()), (m.getValue() ? "missing " : "not its own step: ") + m.getKey() + "\n" + out);
        assertTrue(out.contains("create namespace gameday-r1-" + name + " "), out);

        int checked = 0;
        for (HasMetadata r : plan.manifests()) {
            if (!(r instanceof GenericKubernetesResource)) continue; // core kinds come from fabric8's typed builders
            assertEquals(List.of(), schemas.validate(r), r.getKind() + " " + r.getMetadata().getName());
            checked++;
        }
        assertTrue(checked >= 1, "the plan applies at least the primary Cluster");
    }

    /** The step only a given fault or procedure writes into a plan, and whether this scenario's plan must have it. */
    static Map<String, Boolean> expectedMarkers(Scenario sc) {
        Scenario.Info info = sc.info();
        Procedure p = sc.procedure();
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("fault: delete the primary pod of pg-main", info.faults().contains(Fault.KILL));
        m.put("fault: delete Cluster pg-main", info.faults().contains(Fault.DESTROY));
        m.put("fault: destructive SQL", info.faults().contains(Fault.SQL));
        m.put("fault: delete every object under s3://" + "backups/", info.faults().contains(Fault.DELETE_BUCKET));
        m.put("fault: delete and overwrite objects in s3://app", info.faults().contains(Fault.DAMAGE_OBJECTS));
        m.put("patch: resume from hibernation", p == Procedure.RESTART);
        m.put("apply: recovery Cluster pg-main-recovered-1 from pg-main", p == Procedure.PITR || p == Procedure.LATEST || p == Procedure.FULL_REBUILD);
        m.put("targetTime: \"" + CnpgManifests.targetTime(TARGET) + "\"", p == Procedure.PITR);
        m.put("apply: replica Cluster pg-dr in the DR region", p == Procedure.PROMOTE_DR);
        m.put("patch: promote the replica cluster (Cluster pg-dr)", p == Procedure.PROMOTE_DR);
        m.put("switch the application service app-db over to pg-dr-rw.gameday-r1-" + info.name() + "-dr.svc.cluster.local",
                p == Procedure.PROMOTE_DR);
        m.put("switch the application service app-db over to pg-main-recovered-1-rw.gameday-r1-" + info.name() + ".svc.cluster.local",
                p == Procedure.PITR || p == Procedure.LATEST || p == Procedure.FULL_REBUILD);
        m.put("s3: copy the missing and overwritten objects of s3://app back from s3://app-dr", p == Procedure.RESTORE_OBJECTS);
        m.put("check: nothing is recovered", p == Procedure.NONE);
        m.put("create namespace gameday-r1-" + info.name() + "-dr", sc.environment().drRegion());
        m.put("Cluster pg-main archiving to s3://backups/pg-main", true);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyScenarioOnEveryK8sForm")
    void theCatalogueEitherRunsOnKubernetesOrIsRefusedUpFront(String name, String flavour, BackupForm form) {
        Scenario sc = Catalogue.byName(name);
        List<String> lacks = K8sSubstrate.SUPPORT.lacks(sc.info());
        // what Kubernetes does not have yet: a shell in the instance's pod (page corruption, broken archiving) and a streaming standby
        List<String> allowed = List.of("fault " + Fault.CORRUPT_PAGE.label(), "fault " + Fault.BREAK_ARCHIVING.label(),
                Capability.STREAMING_STANDBY.label(), Capability.SYNC_REPLICATION.label());
        assertTrue(allowed.containsAll(lacks), name + " lacks " + lacks);
    }
}
