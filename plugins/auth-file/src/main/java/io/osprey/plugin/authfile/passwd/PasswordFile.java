package io.osprey.plugin.authfile.passwd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a password file ({@code etc/passwd}): reading it into {@link Credentials}, and editing single entries
 * while every other line (comments, blank lines, other entries) stays as it was.
 * <pre>
 * # comment
 * &lt;username&gt;:&lt;hash&gt;[:superuser]
 * clientid:&lt;client id&gt;:&lt;hash&gt;[:superuser]
 * </pre>
 * {@code $locked} in place of the hash lists a name without a password: every client claiming it is refused.
 * The hash is the {@link PasswordHash} form and contains no {@code :}, so names are read up to the {@code :$} before
 * the hash and may contain {@code :} themselves (client ids such as MAC addresses do). A user name cannot start with
 * {@code clientid:}, nor contain {@code :$}. Leading and trailing blanks of a line are ignored.
 */
public final class PasswordFile {

    static final String CLIENT_ID_PREFIX = "clientid:";
    static final String SUPERUSER = "superuser";
    private static final Pattern ENTRY = Pattern.compile("(?<name>.*?):(?<hash>\\$[^:]*)(?::(?<flags>[^:$]*))?");
    private static final String EXPECTED = "expected <username>:<hash>[:superuser] "
            + "or clientid:<client id>:<hash>[:superuser]";

    /** One line the parser could not accept. */
    public record Problem(int line, String message) {
    }

    /**
     * What a parse found.
     *
     * @param entries    the entries of the lines that are good
     * @param problems   the lines that are not, in file order
     * @param unreadable names that a bad line mentions (a hash that is not one, a duplicate): see
     *                   {@link #credentials(boolean)}
     */
    public record Parsed(List<Entry> entries, List<Problem> problems, Set<Name> unreadable) {

        public boolean ok() {
            return problems.isEmpty();
        }

        /**
         * The entries to authenticate with.
         *
         * @param lockUnreadable {@code true}: names on bad lines are kept as entries that refuse every password (when
         *                       there is no earlier good version to fall back on, refusing is safer than treating a
         *                       user the admin listed as unknown)
         */
        public Credentials credentials(boolean lockUnreadable) {
            if (!lockUnreadable || unreadable.isEmpty()) {
                return new Credentials(entries);
            }
            List<Entry> all = new ArrayList<>();
            for (Entry e : entries) {
                if (!unreadable.contains(new Name(e.kind(), e.name()))) {
                    all.add(e);
                }
            }
            for (Name n : unreadable) {
                all.add(new Entry(n.kind(), n.name(), null, false, 0));
            }
            return new Credentials(all);
        }
    }

    /** A user name or client id. */
    public record Name(Entry.Kind kind, String name) {
    }

    /** Raw lines, without their {@code \n} (a {@code \r} stays, so CRLF files keep their line ends). */
    private final List<String> lines;

    private PasswordFile(List<String> lines) {
        this.lines = lines;
    }

    public static PasswordFile of(String content) {
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the text after the last \n
        }
        return new PasswordFile(lines);
    }

    /** Reads every line; never throws. */
    public Parsed parse() {
        List<Entry> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Set<Name> unreadable = new LinkedHashSet<>();
        Map<Name, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Name name = nameOf(line);
            String problem;
            Entry entry = null;
            try {
                entry = entry(line, lineNo);
                Integer first = seen.putIfAbsent(new Name(entry.kind(), entry.name()), lineNo);
                problem = first == null ? null
                        : entry.kind().label() + " " + entry.name() + " is already on line " + first;
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
            if (problem == null) {
                entries.add(entry);
            } else {
                problems.add(new Problem(lineNo, problem));
                if (name != null) {
                    unreadable.add(name);
                }
            }
        }
        return new Parsed(List.copyOf(entries), List.copyOf(problems), Set.copyOf(unreadable));
    }

    /** Sets the password (and the superuser flag) of an entry, replacing its line or adding one at the end. */
    public PasswordFile put(Entry.Kind kind, String name, PasswordHash hash, boolean superuser) {
        String line = render(kind, name, hash, superuser);
        List<String> out = new ArrayList<>(lines);
        int at = indexOf(kind, name);
        if (at >= 0) {
            out.set(at, line + (lines.get(at).endsWith("\r") ? "\r" : ""));
        } else {
            out.add(line);
        }
        return new PasswordFile(out);
    }

    /** Removes the line of an entry (no change when there is none). */
    public PasswordFile remove(Entry.Kind kind, String name) {
        List<String> out = new ArrayList<>(lines);
        int at = indexOf(kind, name);
        if (at >= 0) {
            out.remove(at);
        }
        return new PasswordFile(out);
    }

    /** The text, each line ended by {@code \n}. */
    public String content() {
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l).append('\n');
        }
        return b.toString();
    }

    /** The line for an entry. */
    public static String render(Entry.Kind kind, String name, PasswordHash hash, boolean superuser) {
        return (kind == Entry.Kind.CLIENT_ID ? CLIENT_ID_PREFIX : "") + name + ":" + hash.encoded()
                + (superuser ? ":" + SUPERUSER : "");
    }

    /**
     * Whether {@code name} can be written to the file as it is.
     *
     * @return {@code null} when it can, otherwise why not
     */
    public static String checkName(Entry.Kind kind, String name) {
        String what = kind == Entry.Kind.USER ? "A user name" : "A client id";
        if (name.isEmpty()) {
            return what + " cannot be empty";
        }
        if (!name.equals(name.strip())) {
            return what + " cannot start or end with a blank";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return what + " cannot contain control characters";
            }
        }
        if (name.startsWith("#")) {
            return what + " cannot start with # (the file would read it as a comment)";
        }
        if (name.contains(":$")) {
            return what + " cannot contain ':$' (the file would read the rest as the hash)";
        }
        if (kind == Entry.Kind.USER && name.startsWith(CLIENT_ID_PREFIX)) {
            return "A user name cannot start with 'clientid:' (the file would read it as a client id entry)";
        }
        return null;
    }

    private int indexOf(Entry.Kind kind, String name) {
        Name wanted = new Name(kind, name);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty() && !line.startsWith("#") && wanted.equals(nameOf(line))) {
                return i;
            }
        }
        return -1;
    }

    /** @throws IllegalArgumentException saying what is wrong with the line */
    private static Entry entry(String line, int lineNo) {
        Matcher m = ENTRY.matcher(line);
        if (!m.matches()) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(EXPECTED);
            }
            String rest = line.startsWith(CLIENT_ID_PREFIX) ? afterFirstColon(line.substring(CLIENT_ID_PREFIX
                    .length())) : line.substring(colon + 1);
            if (rest == null) {
                throw new IllegalArgumentException(EXPECTED);
            }
            PasswordHash.parse(rest); // throws with the precise reason (plain text, another scheme, …)
            throw new IllegalArgumentException("unexpected text after the hash; " + EXPECTED);
        }
        String name = m.group("name");
        Entry.Kind kind = Entry.Kind.USER;
        if (name.startsWith(CLIENT_ID_PREFIX)) {
            kind = Entry.Kind.CLIENT_ID;
            name = name.substring(CLIENT_ID_PREFIX.length());
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the " + kind.label() + " is empty; " + EXPECTED);
        }
        PasswordHash hash = PasswordHash.parse(m.group("hash"));
        boolean superuser = false;
        String flags = m.group("flags");
        if (flags != null) {
            for (String f : flags.split(",")) {
                if (f.strip().equals(SUPERUSER)) {
                    superuser = true;
                } else if (!f.isBlank()) {
                    throw new IllegalArgumentException("unknown flag '" + f.strip() + "' (the only flag is "
                            + SUPERUSER + ")");
                }
            }
        }
        return new Entry(kind, name, hash, superuser, lineNo);
    }

    /** The name a non-comment line is about, as far as it can be told even when the line is bad; or null. */
    private static Name nameOf(String line) {
        Matcher m = ENTRY.matcher(line);
        String name;
        if (m.matches()) {
            name = m.group("name");
        } else {
            int colon = line.startsWith(CLIENT_ID_PREFIX) ? line.indexOf(':', CLIENT_ID_PREFIX.length())
                    : line.indexOf(':');
            if (colon < 0) {
                return null;
            }
            name = line.substring(0, colon);
        }
        if (name.startsWith(CLIENT_ID_PREFIX)) {
            String id = name.substring(CLIENT_ID_PREFIX.length());
            return id.isEmpty() ? null : new Name(Entry.Kind.CLIENT_ID, id);
        }
        return name.isEmpty() ? null : new Name(Entry.Kind.USER, name);
    }

    private static String afterFirstColon(String s) {
        int colon = s.indexOf(':');
        return colon < 0 ? null : s.substring(colon + 1);
    }
}
