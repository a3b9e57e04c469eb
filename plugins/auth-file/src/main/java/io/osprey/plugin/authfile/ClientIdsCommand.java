package io.osprey.plugin.authfile;

import io.osprey.api.service.Command;
import io.osprey.plugin.authfile.passwd.Entry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code ctl clientids list|add|passwd|superuser|del}: client id entries of the password file, for devices that
 * authenticate by client id and password (EMQX's {@code auth_clientid}).
 */
@Component(service = Command.class)
public final class ClientIdsCommand extends EntriesCommand {

    @Activate
    public ClientIdsCommand(@Reference PasswordStore store) {
        super(store, Entry.Kind.CLIENT_ID, "clientids", "clientid");
    }
}
