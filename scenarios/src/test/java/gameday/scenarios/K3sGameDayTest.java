package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Environment;
import gameday.harness.EnvironmentSpec;
import gameday.harness.Progress;
import gameday.harness.Scenario;
import gameday.harness.Substrate;
import gameday.harness.journal.ScenarioRecord;
import gameday.harness.k8s.BackupForm;
import gameday.harness.k8s.K8sOptions;
import gameday.harness.k8s.K8sSubstrate;
import gameday.harness.run.Targets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;

/**
 * The catalogue against the real CloudNativePG operator in a disposable k3s: every scenario the
 * Kubernetes substrates declare they support ({@link K8sSubstrate#SUPPORT}), in both backup forms,
 * run by the same {@code Runner} as {@code gameday run}, each in a namespace of its own. It needs a
 * Docker engine that can run privileged containers (the scheduled workflow has one); without Docker
 * Testcontainers skips it, with that reason. What the substrates refuse is covered by
 * {@link DryRunPlanTest}.
 */
@Testcontainers(disabledWithoutDocker = true)
class K3sGameDayTest {
    /** One k3s for the class (the scenarios each get their namespace); started only when Docker is there. */
    static K3sContainer k3s;

    @TempDir
    Path runs;

    @BeforeAll
    static void start() {
        k3s = K8sSubstrate.k3sContainer();
        k3s.start();
    }

    @AfterAll
    static void stop() {
        if (k3s != null) k3s.stop();
    }

    static Stream<Arguments> everySupportedScenarioInBothForms() {
        List<Arguments> all = new ArrayList<>();
        for (Scenario sc : Catalogue.all())
            if (K8sSubstrate.SUPPORT.lacks(sc.info()).isEmpty())
                for (BackupForm form : BackupForm.values()) all.add(Arguments.of(sc.info().name(), form));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("everySupportedScenarioInBothForms")
    void theScenarioReachesItsExpectedVerdictWithTheRealOperator(String name, BackupForm form) {
        Scenario scenario = Catalogue.byName(name);
        ScenarioRecord r = ScenarioTests.run(runs, scenario, Targets.load(null), onTheClassK3s(K8sOptions.k3s().withBackupForm(form)));
        assertEquals("completed", r.status, () -> "error: " + r.error);
        assertEquals(scenario.info().expected().name().toLowerCase(java.util.Locale.ROOT), r.verdict, () -> "checks: " + r.checks);
        assertTrue(r.asExpected(), () -> "checks: " + r.checks);
    }

    /** The k3s substrate, attached to this class's container instead of starting one per scenario. */
    static Substrate onTheClassK3s(K8sOptions options) {
        K8sSubstrate k8s = new K8sSubstrate(options.withTimeout(Duration.ofMinutes(10)));
        return new Substrate() {
            @Override
            public String name() {
                return k8s.name();
            }

            @Override
            public Support support() {
                return k8s.support();
            }

            @Override
            public Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress) {
                return k8s.attach(K8sSubstrate.clientFor(k3s), null, runId, K8sSubstrate.scenarioOf(dir), spec, progress);
            }
        };
    }
}
