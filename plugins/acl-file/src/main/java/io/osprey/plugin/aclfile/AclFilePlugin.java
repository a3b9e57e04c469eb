package io.osprey.plugin.aclfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.osprey.api.ClientInfo;
import io.osprey.api.config.ConfigReader;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.api.service.NodeInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code acl-file}: the {@code client.check_acl} hook backed by {@code etc/acl.conf} (EMQX syntax), at ranking −1 so
 * every other ACL plugin is asked first. The file is watched and reloaded when it changes; a file with an error is
 * reported with file, line and column and the rules in force stay (EMQX would drop them all). A reload clears the
 * connections' ACL caches so new rules apply at once. Commands: {@code ctl acl show|reload|check|cache-clean}.
 */
@Component(service = {ClientCheckAcl.class, Command.class}, configurationPid = "osprey.acl.file",
        property = "service.ranking:Integer=-1")
public final class AclFilePlugin implements ClientCheckAcl, Command {

    private static final Logger LOG = LoggerFactory.getLogger(AclFilePlugin.class);

    private final NodeInfo node;
    private final ClientService clients;
    private final ScheduledExecutorService watcher;
    private volatile AclRules rules;
    private volatile Path file;
    private volatile Instant loadedAt;
    private volatile String lastError;
    private ScheduledFuture<?> watch;
    private FileStamp stamp;

    @Activate
    public AclFilePlugin(@Reference NodeInfo node, @Reference ClientService clients, Map<String, Object> config) {
        this.node = node;
        this.clients = clients;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osprey-acl-file-watch");
            t.setDaemon(true);
            return t;
        });
        this.rules = new AclRules("(none)", List.of());
        configure(config);
    }

    @Modified
    synchronized void configure(Map<String, Object> config) {
        ConfigReader r = ConfigReader.of("acl.file", config);
        String path = r.string("acl_file", "etc/acl.conf");
        Duration interval = r.duration("watch_interval", "1s");
        if (!r.errors().isEmpty()) {
            return; // ConfigReader logged file, line and key; the previous settings stay
        }
        Path p = Path.of(path);
        this.file = p.isAbsolute() ? p : node.etcDir().getParent().resolve(p).normalize();
        reload();
        if (watch != null) {
            watch.cancel(false);
        }
        long ms = Math.max(100, interval.toMillis());
        watch = watcher.scheduleWithFixedDelay(this::reloadIfChanged, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
        clients.clearAclCache(); // decisions made by these rules must not outlive the plugin
    }

    // ---- the hook --------------------------------------------------------------------------------------------

    @Override
    public CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic) {
        return rules.check(new Subject(client.clientId(), client.username(), client.peerHost()), action, topic)
                .stage();
    }

    // ---- loading ---------------------------------------------------------------------------------------------

    private synchronized void reloadIfChanged() {
        try {
            if (!FileStamp.of(file).equals(stamp)) {
                reload();
            }
        } catch (RuntimeException e) {
            LOG.warn("ACL file {}: watch failed: {}", file, e.toString());
        }
    }

    /** Reads the file; on success its rules replace the ones in force. @return the error, or {@code null} */
    synchronized String reload() {
        Path f = file;
        stamp = FileStamp.of(f);
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return failed(f + ": file not found; the " + rules.rules().size() + " rules in force stay");
        } catch (IOException e) {
            return failed(f + ": cannot be read (" + e.getMessage() + "); the " + rules.rules().size()
                    + " rules in force stay");
        }
        try {
            AclRules parsed = AclRules.parse(f.toString(), text);
            // forget cached decisions before the new rules are visible (a client checked right after sees them)
            // and after (a decision cached meanwhile from the old rules goes too)
            clients.clearAclCache();
            rules = parsed;
            loadedAt = Instant.now();
            lastError = null;
            clients.clearAclCache();
            LOG.info("ACL file {}: {} rules loaded", f, parsed.rules().size());
            return null;
        } catch (AclSyntaxException e) {
            return failed(e.getMessage() + "; the file is not applied and the " + rules.rules().size()
                    + " rules in force stay");
        }
    }

    private String failed(String message) {
        lastError = message;
        LOG.error("ACL file {}", message);
        return message;
    }

    // ---- ctl acl ---------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return "acl";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "acl show                        Show the ACL rules in force, and the last reload error",
                "acl reload                      Reload the ACL file now",
                "acl check <ClientId> <Username|-> <IpAddr> publish|subscribe <Topic>",
                "                                Show which rule decides, and the outcome",
                "acl cache-clean all|<ClientId>  Forget cached ACL decisions");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "show" : args.get(0);
        switch (sub) {
            case "show" -> {
                return show();
            }
            case "reload" -> {
                String error = reload();
                if (error != null) {
                    throw new CommandException(error);
                }
                return CommandResult.text("ACL file " + file + ": " + rules.rules().size() + " rules loaded");
            }
            case "check" -> {
                if (args.size() < 6) {
                    throw new CommandException("Usage: " + usage().get(2));
                }
                AclAction action = switch (args.get(4)) {
                    case "publish", "pub" -> AclAction.PUBLISH;
                    case "subscribe", "sub" -> AclAction.SUBSCRIBE;
                    default -> throw new CommandException("Expected publish or subscribe, found " + args.get(4));
                };
                String user = args.get(2).equals("-") ? null : args.get(2);
                AclRules.Decision d = rules.decide(new Subject(args.get(1), user, args.get(3)), action, args.get(5));
                String outcome = switch (d.result()) {
                    case ALLOW -> "allow";
                    case DENY -> "deny";
                    case IGNORE -> "nomatch";
                };
                String why = d.rule() == null ? "no rule matched (acl_nomatch and other ACL plugins decide)"
                        : "line " + d.rule().line() + ": " + d.rule().text();
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("result", outcome);
                data.put("line", d.rule() == null ? null : d.rule().line());
                data.put("rule", d.rule() == null ? null : d.rule().text());
                return CommandResult.of(outcome + "  (" + why + ")", data);
            }
            case "cache-clean" -> {
                if (args.size() < 2) {
                    throw new CommandException("Usage: " + usage().get(4));
                }
                if (args.get(1).equals("all")) {
                    clients.clearAclCache();
                    return CommandResult.text("ACL cache cleaned for all clients");
                }
                if (!clients.clearAclCache(args.get(1))) {
                    throw new CommandException("Client " + args.get(1) + " is not connected");
                }
                return CommandResult.text("ACL cache cleaned for " + args.get(1));
            }
            default -> throw new CommandException("Unknown command: acl " + sub + "\n" + String.join("\n", usage()));
        }
    }

    private CommandResult show() {
        AclRules r = rules;
        StringBuilder b = new StringBuilder();
        b.append("% ").append(r.rules().size()).append(" rules from ").append(r.source());
        if (loadedAt != null) {
            b.append(", loaded ").append(loadedAt);
        }
        b.append('\n');
        if (lastError != null) {
            b.append("% LAST RELOAD FAILED: ").append(lastError).append('\n');
        }
        List<Map<String, Object>> data = new ArrayList<>();
        for (AclRule rule : r.rules()) {
            b.append(rule.text()).append("   % line ").append(rule.line()).append('\n');
            data.add(Map.of("line", rule.line(), "rule", rule.text()));
        }
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("file", r.source());
        all.put("loaded_at", loadedAt == null ? null : loadedAt.toString());
        all.put("last_error", lastError);
        all.put("rules", data);
        return CommandResult.of(b.toString(), all);
    }

    /** What tells that the file changed: modification time, size and inode (an editor's save-by-rename). */
    private record FileStamp(long modified, long size, Object key) {
        static FileStamp of(Path f) {
            try {
                var a = Files.readAttributes(f, java.nio.file.attribute.BasicFileAttributes.class);
                return new FileStamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
            } catch (IOException e) {
                return new FileStamp(-1, -1, null);
            }
        }
    }
}
