package io.osprey.backend.sql;

import java.sql.Timestamp;

import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.backend.Vars;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.hooks.Actions;
import io.osprey.backend.write.Writer;

/**
 * The built-in functions on EMQX's backend tables, for any SQL database: writes go to the {@link Writer} with the
 * dialect's statements, lookups to {@link SqlLookups}.
 */
public final class SqlActions implements Actions<SqlTemplate> {

    private final Writer<Write> writer;
    private final SqlLookups lookups;
    private final SqlStatements statements;

    public SqlActions(Writer<Write> writer, SqlLookups lookups, SqlStatements statements) {
        this.writer = writer;
        this.lookups = lookups;
        this.statements = statements;
    }

    @Override
    public void clientConnected(String clientId, String node) {
        writer.offer(new Write(statements.clientConnected(), new Object[] {clientId, node,
                new Timestamp(System.currentTimeMillis())}));
    }

    @Override
    public void clientDisconnected(String clientId) {
        writer.offer(new Write(statements.clientDisconnected(), new Object[] {
                new Timestamp(System.currentTimeMillis()), clientId}));
    }

    @Override
    public void subscribeLookup(String clientId) {
        lookups.restoreSubscriptions(clientId);
    }

    @Override
    public void messageFetch(String clientId, Subscription subscription, HookRule<SqlTemplate> rule) {
        lookups.fetch(clientId, subscription, rule);
    }

    @Override
    public void retainLookup(String clientId, Subscription subscription) {
        lookups.retained(clientId, subscription);
    }

    @Override
    public void storeMessage(Message m, String node) {
        writer.offer(new Write(statements.storeMessage(), new Object[] {m.idString(), m.topic(), m.fromClientId(),
                node, m.qos(), m.retain() ? 1 : 0, m.payload(), new Timestamp(m.timestamp())}));
    }

    @Override
    public void storeRetained(Message m, String node) {
        writer.offer(new Write(statements.storeRetained(), new Object[] {m.topic(), m.idString(), m.fromClientId(),
                node, m.qos(), m.payload(), new Timestamp(m.timestamp())}));
    }

    @Override
    public void deleteRetained(String topic) {
        writer.offer(new Write(statements.deleteRetained(), new Object[] {topic}));
    }

    @Override
    public void acked(String clientId, String filter, Message m) {
        writer.offer(new Write(statements.acked(), new Object[] {m.idString(), clientId, filter},
                "acked\u0000" + clientId + '\u0000' + filter));
    }

    @Override
    public void raw(SqlTemplate statement, Vars vars) {
        writer.offer(new Write(statement.sql(), statement.bind(vars)));
    }
}
