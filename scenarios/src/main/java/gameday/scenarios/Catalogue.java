package gameday.scenarios;

import gameday.harness.GameDayException;
import gameday.harness.Scenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Every scenario by name, in the order {@code --all} runs them. */
public final class Catalogue {
    private static final Map<String, Supplier<Scenario>> ALL = new LinkedHashMap<>();

    static {
        add(ProcessCrash::new);
        add(PrimaryFailover::async);
        add(PrimaryFailover::sync);
        add(DataCorruption::new);
        add(DropTable::new);
        add(MassDelete::new);
        add(BadMigration::new);
        add(ClusterDestroyed::new);
        add(RegionLoss::new);
        add(ObjectLoss::withReplica);
        add(ObjectLoss::withoutReplica);
        add(BrokenArchiving::new);
        add(ArchiveTimeoutRpo::new);
        add(GcGrace::tooEager);
        add(GcGrace::safe);
    }

    private static void add(Supplier<Scenario> s) {
        ALL.put(s.get().info().name(), s);
    }

    private Catalogue() {}

    public static List<Scenario> all() {
        return ALL.values().stream().map(Supplier::get).toList();
    }

    public static Scenario byName(String name) {
        Supplier<Scenario> s = ALL.get(name);
        if (s == null) throw new GameDayException("unknown scenario '" + name + "': run 'gameday list' to see the "
                + ALL.size() + " scenarios (" + String.join(", ", ALL.keySet()) + ")");
        return s.get();
    }
}
