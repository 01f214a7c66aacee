package gameday.harness.run;

import gameday.harness.DatabaseCluster;
import gameday.harness.DrRegion;
import gameday.harness.Endpoint;
import gameday.harness.Environment;
import gameday.harness.FaultInjector;
import gameday.harness.ObjectStore;
import gameday.harness.Recovery;
import java.util.Map;
import java.util.Optional;

/** An environment whose recovery is the team's command: everything else is the substrate's own. */
final class CommandEnvironment implements Environment {
    private final Environment env;
    private final RecoveryCommand recovery;

    CommandEnvironment(Environment env, RecoveryCommand recovery) {
        this.env = env;
        this.recovery = recovery;
    }

    RecoveryCommand command() {
        return recovery;
    }

    @Override
    public Recovery recovery() {
        return recovery;
    }

    @Override
    public String name() {
        return env.name();
    }

    @Override
    public DatabaseCluster primary() {
        return env.primary();
    }

    @Override
    public ObjectStore objectStore() {
        return env.objectStore();
    }

    @Override
    public Endpoint endpoint() {
        return env.endpoint();
    }

    @Override
    public FaultInjector faults() {
        return env.faults();
    }

    @Override
    public Optional<DrRegion> drRegion() {
        return env.drRegion();
    }

    @Override
    public Optional<DatabaseCluster> standby() {
        return env.standby();
    }

    @Override
    public Optional<RecoveryCommand.Site> commandSite() {
        return env.commandSite();
    }

    @Override
    public Map<String, Object> facts() {
        return env.facts();
    }

    @Override
    public void close() {
        env.close();
    }
}
