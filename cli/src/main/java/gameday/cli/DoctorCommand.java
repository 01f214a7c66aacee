package gameday.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Show what is installed, the versions, and what is missing.")
final class DoctorCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        List<Doctor.Check> checks = Doctor.checks();
        for (Doctor.Check c : checks) System.out.printf("%-26s %-8s %s%n", c.what(), c.ok() ? "ok" : "MISSING", c.detail());
        if (checks.stream().allMatch(Doctor.Check::ok)) {
            System.out.println("everything the local substrate needs is here");
            return Main.OK;
        }
        System.out.println("install what is missing with: " + Doctor.INSTALL);
        return Main.USAGE;
    }
}
