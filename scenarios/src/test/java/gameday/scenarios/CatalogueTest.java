package gameday.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gameday.harness.Capability;
import gameday.harness.Scenario;
import gameday.harness.k8s.K8sSubstrate;
import gameday.harness.local.LocalSubstrate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The catalogue's metadata, without running anything. */
class CatalogueTest {
    @Test
    void everyScenarioRunsOnLocal() {
        for (Scenario s : Catalogue.all())
            assertEquals(List.of(), LocalSubstrate.SUPPORT.lacks(s.info()), s.info().name());
    }

    /** A scenario that asks its environment for a DR region or a standby must say so, or the pre-flight check would miss it. */
    @Test
    void everyScenarioDeclaresWhatItsEnvironmentAsksFor() {
        for (Scenario s : Catalogue.all())
            assertTrue(s.info().needs().containsAll(Capability.of(s.environment())),
                    () -> s.info().name() + " needs " + Capability.of(s.environment()) + " but declares " + s.info().needs());
    }

    @Test
    void everyScenarioHasANameASourceAndAFault() {
        for (Scenario s : Catalogue.all()) {
            Scenario.Info i = s.info();
            assertEquals(i.name(), Catalogue.byName(i.name()).info().name());
            assertFalse(i.summary().isBlank() || i.source().isBlank(), i.name());
            assertFalse(i.faults().isEmpty(), i.name() + " injects no fault");
        }
    }

    @Test
    void kubernetesRefusesWhatItCannotInjectAndRunsTheRest() {
        assertEquals(List.of("fault corrupt-page"), K8sSubstrate.SUPPORT.lacks(new DataCorruption().info()));
        assertEquals(List.of("fault break-archiving"), K8sSubstrate.SUPPORT.lacks(new BrokenArchiving().info()));
        assertEquals(List.of("streaming-standby", "sync-replication"), K8sSubstrate.SUPPORT.lacks(PrimaryFailover.sync().info()));
        assertEquals(List.of(), K8sSubstrate.SUPPORT.lacks(new DropTable().info()));
        assertEquals(List.of(), K8sSubstrate.SUPPORT.lacks(new ClusterDestroyed().info()));
        // the DR region is a second namespace with a replica cluster fed from the replicated buckets
        assertEquals(List.of(), K8sSubstrate.SUPPORT.lacks(new RegionLoss().info()));
        assertEquals(List.of(), K8sSubstrate.SUPPORT.lacks(ObjectLoss.withReplica().info()));
    }
}
