package io.osprey.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The bundle cache under {@code data/cache} is kept across restarts (no re-unpacking of every jar), and still follows
 * what the admin changed while the node was down: a removed plugin is gone, a replaced system jar is re-read, a
 * removed library is uninstalled.
 */
class RestartIT {

    @Test
    void restart_reusesTheBundleCache_andFollowsChangesMadeWhileDown() throws Exception {
        try (NodeProcess node = NodeProcess.copy("restart")) {
            node.start();
            assertThat(node.ctl("plugins", "list").out()).contains("webhook");
            node.stop();
            Path cache = node.home().resolve("data/cache");
            assertThat(Files.readString(cache.resolve("osprey.home"))).isEqualTo(node.home().toString());
            Path firstBundleDir = cache.resolve("bundle1");
            assertThat(firstBundleDir).isDirectory();
            FileTime cachedAt = Files.getLastModifiedTime(firstBundleDir);
            try (Stream<Path> cds = Files.list(node.home().resolve("data/cds"))) {
                assertThat(cds.map(p -> p.getFileName().toString())).as("class-data-sharing archive made at stop")
                        .anyMatch(n -> n.startsWith("node-") && n.endsWith(".jsa"));
            }

            Files.delete(node.home().resolve("plugins/webhook.jar"));
            Path management = jar(node.home().resolve("system/4"), "osprey-management");
            Files.setLastModifiedTime(management, FileTime.fromMillis(System.currentTimeMillis()));
            Path zstd = jar(node.home().resolve("system/lib"), "zstd-jni");
            Files.delete(zstd);

            node.start();
            assertThat(Files.getLastModifiedTime(firstBundleDir)).as("cache reused, not rebuilt").isEqualTo(cachedAt);
            assertThat(node.ctl("plugins", "list").out()).doesNotContain("webhook").contains("acl-file");
            assertThat(node.ctl("status").exit()).isZero(); // the updated management bundle serves ctl
            String stamps = Files.readString(cache.resolve("osprey.system.stamps"));
            assertThat(stamps).contains("osprey-management").doesNotContain("zstd-jni");
            try (var c = Mqtt.connect(node.mqttUri(), "after-restart")) {
                assertThat(c.paho.isConnected()).isTrue();
            }
            assertThat(node.log()).doesNotContain("ERROR");
        }
    }

    private static Path jar(Path dir, String prefix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst().orElseThrow();
        }
    }
}
