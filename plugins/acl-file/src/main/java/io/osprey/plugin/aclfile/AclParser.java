package io.osprey.plugin.aclfile;

import java.util.ArrayList;
import java.util.List;

import io.osprey.api.AclTopic;

/**
 * Reads acl.conf in EMQX's syntax: Erlang terms, each ended by a full stop, {@code %} comments. Written by hand (a
 * small recursive-descent parser over a tokenizer) because the grammar is tiny and the error must say file, line,
 * column and what was expected — which a general Erlang-term library would not phrase for an admin.
 */
final class AclParser {

    private enum Kind { LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, DOT, ATOM, STRING, EOF }

    private record Token(Kind kind, String text, int line, int column) {
        String describe() {
            return switch (kind) {
                case EOF -> "end of file";
                case STRING -> "string " + AclRule.quote(text);
                case ATOM -> "'" + text + "'";
                default -> "'" + text + "'";
            };
        }
    }

    private final String file;
    private final String src;
    private int pos;
    private int line = 1;
    private int lineStart;
    private Token next;

    private AclParser(String file, String src) {
        this.file = file;
        this.src = src;
    }

    static List<AclRule> parse(String file, String text) throws AclSyntaxException {
        return new AclParser(file, text).rules();
    }

    private List<AclRule> rules() throws AclSyntaxException {
        List<AclRule> rules = new ArrayList<>();
        advance();
        while (next.kind != Kind.EOF) {
            rules.add(rule());
        }
        return rules;
    }

    // {allow|deny, Who, Access, [Topics]}.   or   {allow|deny, all}.
    private AclRule rule() throws AclSyntaxException {
        Token open = expect(Kind.LBRACE, "'{' starting a rule");
        Token decision = expectAtom("allow or deny", "allow", "deny");
        expect(Kind.COMMA, "','");
        if (next.kind == Kind.ATOM && next.text.equals("all")) {
            advance();
            if (next.kind == Kind.RBRACE) {
                advance();
                expect(Kind.DOT, "'.' ending the rule");
                return new AclRule(decision.text.equals("allow"), new Who.All(), AclRule.Access.PUBSUB, null,
                        open.line);
            }
            expect(Kind.COMMA, "',' or '}'");
            return ruleRest(open, decision, new Who.All());
        }
        Who who = who();
        expect(Kind.COMMA, "','");
        return ruleRest(open, decision, who);
    }

    private AclRule ruleRest(Token open, Token decision, Who who) throws AclSyntaxException {
        Token access = expectAtom("publish, subscribe or pubsub", "publish", "subscribe", "pubsub");
        expect(Kind.COMMA, "','");
        expect(Kind.LBRACKET, "'[' starting the topic list");
        List<AclTopic> topics = new ArrayList<>();
        if (next.kind != Kind.RBRACKET) {
            topics.add(topic());
            while (next.kind == Kind.COMMA) {
                advance();
                topics.add(topic());
            }
        }
        expect(Kind.RBRACKET, "',' or ']' in the topic list");
        expect(Kind.RBRACE, "'}' ending the rule");
        expect(Kind.DOT, "'.' ending the rule");
        return new AclRule(decision.text.equals("allow"), who,
                AclRule.Access.valueOf(access.text.toUpperCase()), List.copyOf(topics), open.line);
    }

    private Who who() throws AclSyntaxException {
        if (next.kind == Kind.ATOM && next.text.equals("all")) {
            advance();
            return new Who.All();
        }
        expect(Kind.LBRACE, "all or a '{' starting {user, …}, {client, …}, {ipaddr, …}, {ipaddrs, …}, {'and', …}"
                + " or {'or', …}");
        Token kind = expectAtom("user, client, ipaddr, ipaddrs, 'and' or 'or'", "user", "username", "client",
                "clientid", "ipaddr", "ipaddrs", "and", "or");
        expect(Kind.COMMA, "','");
        Who who = switch (kind.text) {
            case "user", "username" -> new Who.User(string("a user name").text);
            case "client", "clientid" -> new Who.Client(string("a client id").text);
            case "ipaddr" -> new Who.IpAddrs(List.of(cidr()), true);
            case "ipaddrs" -> {
                List<Cidr> list = new ArrayList<>();
                expect(Kind.LBRACKET, "'[' starting the address list");
                list.add(cidr());
                while (next.kind == Kind.COMMA) {
                    advance();
                    list.add(cidr());
                }
                expect(Kind.RBRACKET, "',' or ']' in the address list");
                yield new Who.IpAddrs(List.copyOf(list), false);
            }
            default -> {
                List<Who> list = new ArrayList<>();
                expect(Kind.LBRACKET, "'[' starting the list of Who");
                list.add(who());
                while (next.kind == Kind.COMMA) {
                    advance();
                    list.add(who());
                }
                expect(Kind.RBRACKET, "',' or ']' in the list of Who");
                yield kind.text.equals("and") ? new Who.And(List.copyOf(list)) : new Who.Or(List.copyOf(list));
            }
        };
        expect(Kind.RBRACE, "'}'");
        return who;
    }

    private Cidr cidr() throws AclSyntaxException {
        Token t = string("an IP address or CIDR such as \"192.168.0.0/24\"");
        try {
            return Cidr.parse(t.text);
        } catch (IllegalArgumentException e) {
            throw error(t, e.getMessage());
        }
    }

    private AclTopic topic() throws AclSyntaxException {
        if (next.kind == Kind.LBRACE) {
            advance();
            expectAtom("eq", "eq");
            expect(Kind.COMMA, "','");
            Token t = string("a topic");
            expect(Kind.RBRACE, "'}'");
            try {
                return AclTopic.literal(t.text);
            } catch (IllegalArgumentException e) {
                throw error(t, "invalid topic " + AclRule.quote(t.text) + ": " + e.getMessage());
            }
        }
        Token t = string("a topic string or {eq, \"topic\"}");
        try {
            return AclTopic.pattern(t.text);
        } catch (IllegalArgumentException e) {
            throw error(t, "invalid topic filter " + AclRule.quote(t.text) + ": " + e.getMessage());
        }
    }

    // ---- tokens ----------------------------------------------------------------------------------------------

    private Token string(String what) throws AclSyntaxException {
        return expect(Kind.STRING, what);
    }

    private Token expect(Kind kind, String what) throws AclSyntaxException {
        Token t = next;
        if (t.kind != kind) {
            throw error(t, "expected " + what + ", found " + t.describe());
        }
        advance();
        return t;
    }

    private Token expectAtom(String what, String... allowed) throws AclSyntaxException {
        Token t = next;
        if (t.kind == Kind.ATOM) {
            for (String a : allowed) {
                if (a.equals(t.text)) {
                    advance();
                    return t;
                }
            }
        }
        throw error(t, "expected " + what + ", found " + t.describe());
    }

    private AclSyntaxException error(Token at, String message) {
        return new AclSyntaxException(file, at.line, at.column, message);
    }

    private void advance() throws AclSyntaxException {
        next = scan();
    }

    private Token scan() throws AclSyntaxException {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '%') {
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c) || c == '\uFEFF') {
                pos++;
            } else {
                break;
            }
        }
        int col = pos - lineStart + 1;
        if (pos >= src.length()) {
            return new Token(Kind.EOF, "", line, col);
        }
        char c = src.charAt(pos);
        Kind single = switch (c) {
            case '{' -> Kind.LBRACE;
            case '}' -> Kind.RBRACE;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            case ',' -> Kind.COMMA;
            case '.' -> Kind.DOT;
            default -> null;
        };
        if (single != null) {
            pos++;
            return new Token(single, String.valueOf(c), line, col);
        }
        if (c == '"') {
            return new Token(Kind.STRING, quoted('"', col), line, col);
        }
        if (c == '<' && src.startsWith("<<\"", pos)) { // Erlang binary <<"...">>, as some acl.conf files write
            pos += 2;
            String s = quoted('"', col);
            if (!src.startsWith(">>", pos)) {
                throw new AclSyntaxException(file, line, pos - lineStart + 1, "expected '>>' closing the binary");
            }
            pos += 2;
            return new Token(Kind.STRING, s, line, col);
        }
        if (c == '\'') {
            return new Token(Kind.ATOM, quoted('\'', col), line, col);
        }
        if (Character.isLetter(c)) {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                    || src.charAt(pos) == '@')) {
                pos++;
            }
            return new Token(Kind.ATOM, src.substring(start, pos), line, col);
        }
        throw new AclSyntaxException(file, line, col, "unexpected character '" + c + "'");
    }

    private String quoted(char quote, int col) throws AclSyntaxException {
        int startLine = line;
        pos++; // opening quote
        StringBuilder b = new StringBuilder();
        while (pos < src.length()) {
            char c = src.charAt(pos++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && pos < src.length()) {
                char e = src.charAt(pos++);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = pos;
                }
                b.append(c);
            }
        }
        throw new AclSyntaxException(file, startLine, col, "unterminated " + (quote == '"' ? "string" : "atom"));
    }
}
