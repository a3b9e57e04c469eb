package io.osprey.broker.logging;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import org.slf4j.LoggerFactory;

/**
 * {@code ctl log set-level <level>}, {@code ctl log set-level <logger> <level>}, {@code ctl log primary-level
 * [level]}, {@code ctl log levels} and {@code /api/v4/log}: logging levels changed on the running node through
 * Logback (the distribution's SLF4J backend). {@code set-level <level>} sets the primary level and Osprey's own
 * loggers, as EMQX's does. Changes last until the next restart or edit of {@code etc/logback.xml}.
 */
public final class LogAdmin implements Command, ApiResource {

    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "warning", "error", "off");
    private static final String OWN = "io.osprey";

    /** @return the admin, or {@code null} when Logback is not the SLF4J backend (levels cannot be changed) */
    public static LogAdmin createIfLogback() {
        try {
            return LoggerFactory.getILoggerFactory() instanceof LoggerContext ? new LogAdmin() : null;
        } catch (NoClassDefFoundError e) {
            return null;
        }
    }

    private LoggerContext context() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "log primary-level [Level]       Show or set the primary (root) level",
                "log set-level <Level>           Set the primary level and Osprey's loggers",
                "log set-level <Logger> <Level>  Set one logger, e.g. io.osprey.broker.channel debug",
                "log levels                      Show loggers with a level of their own");
    }

    private static Level level(String text) throws CommandException {
        String t = text.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(t)) {
            throw new CommandException("unknown level " + text + " (trace, debug, info, warn, error, off)");
        }
        return Level.toLevel(t.equals("warning") ? "warn" : t);
    }

    Map<String, Object> levels() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Logger l : context().getLoggerList()) {
            if (l.getLevel() != null) {
                m.put(l.getName(), l.getLevel().toString().toLowerCase(Locale.ROOT));
            }
        }
        return m;
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "levels" : args.get(0);
        Logger root = context().getLogger(Logger.ROOT_LOGGER_NAME);
        switch (sub) {
            case "levels" -> {
                StringBuilder b = new StringBuilder();
                levels().forEach((k, v) -> b.append(String.format("%-40s %s%n", k, v)));
                return CommandResult.of(b.toString(), levels());
            }
            case "primary-level" -> {
                if (args.size() > 1) {
                    root.setLevel(level(args.get(1)));
                }
                String now = root.getLevel().toString().toLowerCase(Locale.ROOT);
                return CommandResult.of(now, Map.of("primary_level", now));
            }
            case "set-level" -> {
                if (args.size() == 2) {
                    Level l = level(args.get(1));
                    root.setLevel(l);
                    context().getLogger(OWN).setLevel(l);
                    return CommandResult.of("ok", levels());
                }
                if (args.size() == 3) {
                    context().getLogger(args.get(1)).setLevel(level(args.get(2)));
                    return CommandResult.of("ok", levels());
                }
                throw new CommandException("Usage: log set-level [<Logger>] <Level>");
            }
            default -> throw new CommandException("Unknown command: log " + sub + "\n" + String.join("\n", usage()));
        }
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/log", r -> Map.of("primary_level", context().getLogger(Logger.ROOT_LOGGER_NAME)
                        .getLevel().toString().toLowerCase(Locale.ROOT), "loggers", levels())),
                ApiRoute.put("/api/v4/log", this::set));
    }

    private Object set(ApiRequest r) throws ApiException {
        if (!(r.jsonBody() instanceof Map<?, ?> b) || b.get("level") == null) {
            throw ApiException.badRequest("expected {\"level\":\"debug\"} or {\"logger\":…,\"level\":…}");
        }
        List<String> args = b.get("logger") == null ? List.of("set-level", String.valueOf(b.get("level")))
                : List.of("set-level", String.valueOf(b.get("logger")), String.valueOf(b.get("level")));
        try {
            return execute(args).data();
        } catch (CommandException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}
