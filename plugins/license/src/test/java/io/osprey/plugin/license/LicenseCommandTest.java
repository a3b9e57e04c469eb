package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctl license info|reload}: what the admin reads. */
class LicenseCommandTest {

    @TempDir
    Path home;
    private Vendor vendor;
    private LicenseManager manager;
    private final CountingClients clients = new CountingClients();
    private LicenseCommand command;

    @BeforeEach
    void setUp() {
        vendor = new Vendor(home.resolve("vendor"));
        manager = new LicenseManager(Map.of("public_key_file", vendor.publicKey().toString()), new RecordingAlarms(),
                clients, home, home.resolve("data/licenses"));
        command = new LicenseCommand(manager, new CountingMetrics());
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    @Test
    void info_withoutLicense_saysWhyAndWhatApplies() throws Exception {
        CommandResult r = command.execute(List.of("info"));
        assertThat(r.text()).contains("status                    no license")
                .contains("problem                   no license file: " + home.resolve("etc/osprey.lic")
                        + " does not exist")
                .contains("max_connections           10");
    }

    @Test
    void reload_thenInfo_showCustomerEditionExpiryLimitAndUsage() throws Exception {
        clients.count.set(12);
        Path file = vendor.issue("acme-2027", 100, "2099-11-27");
        CommandResult r = command.execute(List.of("reload", file.toString()));
        assertThat(r.text()).startsWith("License installed.\n");
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) command.execute(List.of("info")).data();
        assertThat(data).containsEntry("status", "valid").containsEntry("customer", "ACME Corp")
                .containsEntry("edition", "official").containsEntry("expiry_at", "2099-11-27T23:59:59Z")
                .containsEntry("max_connections", 100).containsEntry("connections", 12)
                .containsEntry("usage", "12%").containsEntry("license_id", "acme-2027");
    }

    @Test
    void reloadOfATamperedFile_failsWithTheReason() throws Exception {
        Path file = vendor.issue("a.lic", 100, "+1d");
        Files.writeString(file, Files.readString(file).replace("ACME Corp", "Someone Else"));
        assertThatThrownBy(() -> command.execute(List.of("reload", file.toString())))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("License not installed: " + file + ": signature does not match");
    }

    @Test
    void unknownSubCommand_showsTheUsage() {
        assertThatThrownBy(() -> command.execute(List.of("renew"))).hasMessageContaining("Unknown command: "
                + "license renew").hasMessageContaining("license reload [<path>]");
    }
}
