package io.osprey.itests.failing;

import java.util.List;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import org.osgi.service.component.annotations.Component;

/**
 * Hooks with a bug, on purpose: authentication throws for user names starting with {@code boom}, the ACL throws for
 * topics starting with {@code boom/}, and {@code GET /api/v4/failing/boom} throws an exception whose text holds
 * something secret. Everything else is left to the other plugins ({@code IGNORE}).
 */
@Component(service = {ClientAuthenticate.class, ClientCheckAcl.class, ApiResource.class},
        property = "service.ranking:Integer=100")
public final class FailingHooks implements ClientAuthenticate, ClientCheckAcl, ApiResource {

    /** What the failing route's exception says; it must never reach an HTTP client. */
    public static final String SECRET = "jdbc:mysql://db.internal:3306/osprey?password=hunter2";

    @Override
    public CompletionStage<AuthResult> authenticate(ConnectRequest request) {
        String user = request.client().username();
        if (user != null && user.startsWith("boom")) {
            throw new IllegalStateException("simulated authenticator bug for " + user);
        }
        return AuthResult.ignore();
    }

    @Override
    public CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic) {
        if (topic.startsWith("boom/")) {
            throw new IllegalStateException("simulated ACL bug for " + topic);
        }
        return AclResult.IGNORE.stage();
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(ApiRoute.get("/api/v4/failing/boom", r -> {
            throw new IllegalStateException("cannot reach " + SECRET);
        }));
    }
}
