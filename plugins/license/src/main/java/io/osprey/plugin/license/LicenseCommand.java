package io.osprey.plugin.license;

import java.util.List;
import java.util.Map;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.api.service.MetricsService;
import io.osprey.plugin.license.format.LicenseException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ctl license info} and {@code ctl license reload [<path>]}. A relative path is read from the node's home
 * folder (the node, not {@code ctl}, reads the file). A rejected license exits 1 with the reason and changes nothing.
 */
@Component(service = Command.class)
public final class LicenseCommand implements Command {

    private final LicenseManager licenses;
    private final MetricsService metrics;

    @Activate
    public LicenseCommand(@Reference LicenseManager licenses, @Reference MetricsService metrics) {
        this.licenses = licenses;
        this.metrics = metrics;
    }

    @Override
    public String name() {
        return "license";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "license info                    Show the license: customer, edition, expiry, limit and usage",
                "license reload [<path>]         Verify a license file and apply it now; kept in data/licenses/ "
                        + "(default path: license_file)");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "info" : args.get(0);
        switch (sub) {
            case "info" -> {
                if (args.size() > 1) {
                    throw usageError("license info takes no argument");
                }
                return info();
            }
            case "reload" -> {
                if (args.size() > 2) {
                    throw usageError("license reload takes one path");
                }
                try {
                    licenses.reload(args.size() == 2 ? args.get(1) : null);
                } catch (LicenseException e) {
                    throw new CommandException("License not installed: " + e.getMessage());
                }
                CommandResult info = info();
                return CommandResult.of("License installed.\n" + info.text(), info.data());
            }
            default -> throw usageError("Unknown command: license " + sub);
        }
    }

    private CommandResult info() {
        Map<String, Object> view = LicenseView.of(licenses, metrics);
        return CommandResult.of(LicenseView.text(view), view);
    }

    private CommandException usageError(String message) {
        return new CommandException(message + "\n" + String.join("\n", usage()));
    }
}
