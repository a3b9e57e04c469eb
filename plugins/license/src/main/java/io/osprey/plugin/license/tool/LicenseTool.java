package io.osprey.plugin.license.tool;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * The vendor's license tool, {@code bin/osprey license-tool}: make a key pair, issue licenses, verify them. It runs
 * from the plugin jar with {@code java -jar} and needs nothing but the JDK (no OSGi, no logging library), so it uses
 * only this package and {@code io.osprey.plugin.license.format}.
 * <p>
 * Exit status: 0 success, 1 failure (the reason is printed), 2 wrong command line (usage is printed).
 */
public final class LicenseTool {

    static final String USAGE = """
            Usage: osprey license-tool <command>
              keygen <dir>
                  Write a new vendor key pair: <dir>/license.key (secret) and <dir>/license.pub
              issue --key <license.key> --customer <name> --email <address> --edition trial|official
                    --max-connections <n> --expiry <yyyy-mm-dd | +<seconds>s> --out <file>
                    [--valid-from <yyyy-mm-dd | +<seconds>s>] [--nodes <n>] [--id <id>]
                  Sign a license. A date expiry runs through that whole day (UTC); +Ns, +Nm, +Nh, +Nd count from now.
              verify --pub <license.pub> <file>
                  Print a license; exit 0 only when it is signed by that key and in force now
            """;

    private LicenseTool() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs one command; {@link #main} exits with what this returns. */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.get(0)) {
                case "keygen" -> KeygenCommand.run(rest, out, err);
                case "issue" -> IssueCommand.run(rest, out, err, clock);
                case "verify" -> VerifyCommand.run(rest, out, err, clock);
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
    }
}
