package gameday.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where environments are built: {@code local} (default), {@code k3s}, {@code kubernetes}. */
public interface Substrate {
    String name();

    /** The faults it can inject and what its environments have: known before anything is built. */
    Support support();

    /**
     * Builds a fresh environment under {@code dir}; {@code runId} is written as the ownership
     * marker that destructive faults check.
     */
    Environment create(String runId, Path dir, EnvironmentSpec spec, Progress progress);

    /** What a substrate can do, as data, so a scenario it cannot run is refused before anything is built. */
    record Support(Set<Fault> faults, Set<Capability> capabilities) {
        public static final Support EVERYTHING = new Support(EnumSet.allOf(Fault.class), EnumSet.allOf(Capability.class));

        public Support {
            faults = Set.copyOf(faults);
            capabilities = Set.copyOf(capabilities);
        }

        /** What {@code scenario} needs and this lacks, e.g. {@code fault corrupt-page}; empty when it can run here. */
        public List<String> lacks(Scenario.Info scenario) {
            List<String> missing = new ArrayList<>();
            // in declaration order, so the message is the same on every run
            for (Fault f : Fault.values()) if (scenario.faults().contains(f) && !faults.contains(f)) missing.add("fault " + f.label());
            for (Capability c : Capability.values()) if (scenario.needs().contains(c) && !capabilities.contains(c)) missing.add(c.label());
            return missing;
        }

        /** Why {@code scenario} cannot run on {@code substrate}, in one line; empty when it can. */
        public Optional<String> refusal(Scenario.Info scenario, String substrate) {
            List<String> missing = lacks(scenario);
            if (missing.isEmpty()) return Optional.empty();
            return Optional.of("scenario " + scenario.name() + " cannot run on --substrate " + substrate + ": it needs "
                    + String.join(", ", missing) + ", which " + substrate + " does not support");
        }
    }
}
