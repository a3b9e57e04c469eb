package io.osprey.plugin.authfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.plugin.authfile.passwd.Credentials;
import io.osprey.plugin.authfile.passwd.Entry;
import io.osprey.plugin.authfile.passwd.PasswordFile;
import io.osprey.plugin.authfile.passwd.PasswordHash;

/**
 * {@code ctl users …} and {@code ctl clientids …}: list, add, change the password of, delete, and mark as superuser
 * the entries of one kind in the password file. Changes are written to the file (see {@link PasswordStore#update})
 * and apply to the next CONNECT; connected clients stay connected.
 * <p>
 * Passwords arrive on the {@code ctl} command line, like EMQX's {@code emqx_ctl users add}: they are hashed at once
 * and never written or logged; every failure is a {@link CommandException}, so the management API has no arguments
 * to log.
 */
abstract class EntriesCommand implements Command {

    private final PasswordStore store;
    private final Entry.Kind kind;
    private final String name;
    private final String noun;

    EntriesCommand(PasswordStore store, Entry.Kind kind, String name, String noun) {
        this.store = store;
        this.kind = kind;
        this.name = name;
        this.noun = noun;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> usage() {
        String w = "<" + noun + ">";
        return List.of(
                pad(name + " list") + "List the " + kind.label() + "s of the password file (auth-file)",
                pad(name + " add " + w + " <password> [--superuser]") + "Add a " + kind.label()
                        + " (--superuser: skip ACL checks)",
                pad(name + " passwd " + w + " <password>") + "Change the password of a " + kind.label(),
                pad(name + " superuser " + w + " on|off") + "Mark a " + kind.label() + " as superuser or not",
                pad(name + " del " + w) + "Delete a " + kind.label());
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        try {
            String sub = args.isEmpty() ? "list" : args.get(0);
            List<String> rest = args.isEmpty() ? List.of() : args.subList(1, args.size());
            return switch (sub) {
                case "list" -> list(rest);
                case "add" -> add(rest);
                case "passwd" -> passwd(rest);
                case "superuser" -> superuser(rest);
                case "del", "delete" -> delete(rest);
                default -> throw usageError("Unknown command: " + name + " " + sub);
            };
        } catch (EditException e) {
            throw new CommandException(e.getMessage());
        } catch (RuntimeException e) {
            // never let the management API log the arguments: they hold a password
            throw new CommandException(name + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private CommandResult list(List<String> args) throws CommandException {
        if (!args.isEmpty()) {
            throw usageError(name + " list takes no argument");
        }
        Credentials c = store.credentials();
        List<List<Object>> rows = new ArrayList<>();
        List<Map<String, Object>> data = new ArrayList<>();
        for (Entry e : c.entries(kind)) {
            rows.add(List.of(e.name(), !e.verifiable() ? "refused (bad line)"
                    : e.locked() ? e.superuser() + " (locked: no password set)" : e.superuser()));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(kind.key(), e.name());
            m.put("superuser", e.superuser());
            if (e.locked()) {
                m.put("locked", true);
            }
            data.add(m);
        }
        StringBuilder text = new StringBuilder();
        if (rows.isEmpty()) {
            text.append("No ").append(kind.label()).append("s in ").append(store.settings().passwordFile())
                    .append('\n');
        } else {
            text.append(CommandResult.renderTable(List.of(noun, "superuser"), rows));
        }
        List<String> problems = store.problems();
        if (!problems.isEmpty()) {
            text.append("\nThe file has bad lines; the entries above are those in force:\n")
                    .append(String.join("\n", problems)).append('\n');
        }
        return CommandResult.of(text.toString(), data);
    }

    private CommandResult add(List<String> args) throws CommandException, EditException {
        List<String> words = new ArrayList<>(args);
        boolean superuser = words.remove("--superuser");
        if (words.size() != 2) {
            throw usageError(name + " add takes a " + noun + " and a password");
        }
        String who = checkedName(words.get(0));
        PasswordHash hash = hash(words.get(1));
        Credentials after = store.update((file, onDisk) -> {
            if (onDisk.find(kind, who) != null) {
                throw new EditException(capital() + " " + who + " already exists; use '" + name + " passwd " + who
                        + " <password>' to change the password");
            }
            return file.put(kind, who, hash, superuser);
        });
        return changed(after, who, capital() + " " + who + " added" + (superuser ? " (superuser)." : "."));
    }

    private CommandResult passwd(List<String> args) throws CommandException, EditException {
        if (args.size() != 2) {
            throw usageError(name + " passwd takes a " + noun + " and a password");
        }
        String who = args.get(0);
        PasswordHash hash = hash(args.get(1));
        Credentials after = store.update((file, onDisk) -> file.put(kind, who, hash, existing(onDisk, who)
                .superuser()));
        return changed(after, who, "Password of " + kind.label() + " " + who + " changed.");
    }

    private CommandResult superuser(List<String> args) throws CommandException, EditException {
        if (args.size() != 2 || !List.of("on", "off").contains(args.get(1))) {
            throw usageError(name + " superuser takes a " + noun + " and on or off");
        }
        String who = args.get(0);
        boolean on = args.get(1).equals("on");
        Credentials after = store.update((file, onDisk) -> file.put(kind, who, existing(onDisk, who).hash(), on));
        return changed(after, who, capital() + " " + who + (on ? " is a superuser now." : " is no longer a superuser."));
    }

    private CommandResult delete(List<String> args) throws CommandException, EditException {
        if (args.size() != 1) {
            throw usageError(name + " del takes a " + noun);
        }
        String who = args.get(0);
        store.update((file, onDisk) -> {
            existing(onDisk, who);
            return file.remove(kind, who);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(kind.key(), who);
        data.put("deleted", true);
        return CommandResult.of(capital() + " " + who + " deleted.", data);
    }

    private Entry existing(Credentials onDisk, String who) throws EditException {
        Entry e = onDisk.find(kind, who);
        if (e == null) {
            throw new EditException("No " + kind.label() + " " + who + " in " + store.settings().passwordFile());
        }
        return e;
    }

    private CommandResult changed(Credentials after, String who, String text) {
        Entry e = after.find(kind, who);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(kind.key(), who);
        data.put("superuser", e != null && e.superuser());
        return CommandResult.of(text, data);
    }

    private String checkedName(String who) throws CommandException {
        String problem = PasswordFile.checkName(kind, who);
        if (problem != null) {
            throw new CommandException(problem);
        }
        return who;
    }

    private PasswordHash hash(String password) throws CommandException {
        if (password.isEmpty()) {
            throw new CommandException("The password cannot be empty");
        }
        return PasswordHash.create(password, store.settings().hashIterations());
    }

    private String capital() {
        String l = kind.label();
        return Character.toUpperCase(l.charAt(0)) + l.substring(1);
    }

    private CommandException usageError(String message) {
        return new CommandException(message + "\n" + String.join("\n", usage()));
    }

    private static String pad(String s) {
        return s.length() >= 48 ? s + "  " : s + " ".repeat(48 - s.length());
    }
}
