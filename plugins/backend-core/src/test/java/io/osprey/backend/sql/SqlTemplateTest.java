package io.osprey.backend.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SqlTemplateTest {

    static final Set<String> VARS = Set.of("clientid", "username", "topic", "payload", "peerhost", "certcn");

    @Test
    void placeholders_becomeParameters_inOrder() {
        SqlTemplate t = SqlTemplate.parse("insert into t(c, tp, p) values (${clientid}, ${topic}, ${payload})", VARS);
        assertThat(t.sql()).isEqualTo("insert into t(c, tp, p) values (?, ?, ?)");
        assertThat(t.names()).containsExactly("clientid", "topic", "payload");
    }

    @Test
    void quotesAroundAPlaceholder_areDropped_becauseTheValueIsBound() {
        SqlTemplate t = SqlTemplate.parse("select * from u where a = '${username}' and b = \"${clientid}\"", VARS);
        assertThat(t.sql()).isEqualTo("select * from u where a = ? and b = ?");
    }

    @Test
    void emqxAuthPlaceholders_areUnderstood() {
        SqlTemplate t = SqlTemplate.parse("select allow, topic from mqtt_acl where ipaddr = '%a' or username = '%u' "
                + "or username = '$all' or clientid = '%c' or cn = '%C'", VARS);
        assertThat(t.sql()).isEqualTo("select allow, topic from mqtt_acl where ipaddr = ? or username = ? "
                + "or username = '$all' or clientid = ? or cn = ?");
        assertThat(t.names()).containsExactly("peerhost", "username", "clientid", "certcn");
    }

    @Test
    void percentInsideLikePatterns_isLeftAlone() {
        SqlTemplate t = SqlTemplate.parse("select 1 from t where a like '%cat%' and b like 'x%u'", VARS);
        assertThat(t.sql()).isEqualTo("select 1 from t where a like '%cat%' and b like 'x%u'");
        assertThat(t.names()).isEmpty();
    }

    @Test
    void unknownPlaceholder_isRejectedWithTheAllowedOnes() {
        assertThatThrownBy(() -> SqlTemplate.parse("insert into t values (${reason})", VARS))
                .hasMessageContaining("${reason}").hasMessageContaining("${clientid}");
    }

    @Test
    void injectionAttempt_staysAValue_neverSqlText() {
        SqlTemplate t = SqlTemplate.parse("insert into t(c) values (${clientid})", VARS);
        String evil = "x'); DROP TABLE t; --";
        Object[] values = t.bind(Map.of("clientid", evil)::get);
        assertThat(t.sql()).doesNotContain("DROP");
        assertThat(values).containsExactly(evil);
    }
}
