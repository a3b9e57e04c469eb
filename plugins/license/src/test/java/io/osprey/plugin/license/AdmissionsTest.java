package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;

import io.osprey.api.ClientInfo;
import org.junit.jupiter.api.Test;

class AdmissionsTest {

    private final Admissions admissions = new Admissions();

    static ClientInfo client() {
        return (ClientInfo) Proxy.newProxyInstance(ClientInfo.class.getClassLoader(), new Class<?>[] {ClientInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    @Test
    void pendingConnections_countAgainstTheLimit_soSimultaneousConnectsCannotOvershoot() {
        assertThat(admissions.tryAdmit(client(), 3, 5, 0)).isTrue();
        assertThat(admissions.tryAdmit(client(), 3, 5, 0)).isTrue();
        assertThat(admissions.tryAdmit(client(), 3, 5, 0)).isFalse();
    }

    @Test
    void connectedClient_nowCountedByTheBroker_releasesItsReservation() {
        ClientInfo a = client();
        admissions.tryAdmit(a, 0, 1, 0);
        assertThat(admissions.tryAdmit(client(), 0, 1, 0)).isFalse();
        admissions.release(a);
        assertThat(admissions.pending(0)).isZero();
        assertThat(admissions.tryAdmit(client(), 0, 1, 0)).isTrue();
    }

    @Test
    void reservationOfAConnectionThatNeverConnected_expires() {
        admissions.tryAdmit(client(), 0, 1, 0);
        assertThat(admissions.tryAdmit(client(), 0, 1, Admissions.STALE_NANOS)).isFalse();
        assertThat(admissions.tryAdmit(client(), 0, 1, Admissions.STALE_NANOS + 1)).isTrue();
    }

    @Test
    void zeroLimit_admitsNobody() {
        assertThat(admissions.tryAdmit(client(), 0, 0, 0)).isFalse();
    }
}
