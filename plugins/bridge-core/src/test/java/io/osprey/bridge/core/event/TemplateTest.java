package io.osprey.bridge.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.osprey.bridge.core.event.BridgeEvent;
import org.junit.jupiter.api.Test;

class TemplateTest {

    private static final BridgeEvent EVENT = new BridgeEvent(HookPoint.MESSAGE_PUBLISH, "dev-1", null, null, 0, 0, 0,
            null, "a/b", 1, false, new byte[0], null, List.of(), 1L);

    private static String render(String template) {
        return Template.parse(template).render(EVENT, "osprey@n1");
    }

    @Test
    void placeholders_areReplaced_missingValuesAreEmpty() {
        assertThat(render("${clientid}")).isEqualTo("dev-1");
        assertThat(render("site/${clientid}/${topic}@${node}")).isEqualTo("site/dev-1/a/b@osprey@n1");
        assertThat(render("u=${username}")).isEqualTo("u=");
        assertThat(render("fixed")).isEqualTo("fixed");
    }

    @Test
    void theTopicMayBeMapped_forRoutingKeys() {
        assertThat(Template.parse("mqtt.${topic}").render(EVENT, "n", t -> t.replace('/', '.'))).isEqualTo("mqtt.a.b");
    }

    @Test
    void unknownOrUnclosedPlaceholders_areRefused() {
        assertThatThrownBy(() -> Template.parse("${peerhost}")).hasMessageContaining("unknown placeholder ${peerhost}");
        assertThatThrownBy(() -> Template.parse("${clientid")).hasMessageContaining("unclosed");
    }
}
