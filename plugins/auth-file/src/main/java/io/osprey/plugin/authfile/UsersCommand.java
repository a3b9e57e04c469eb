package io.osprey.plugin.authfile;

import io.osprey.api.service.Command;
import io.osprey.plugin.authfile.passwd.Entry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ctl users list|add|passwd|superuser|del}: user name entries of the password file. */
@Component(service = Command.class)
public final class UsersCommand extends EntriesCommand {

    @Activate
    public UsersCommand(@Reference PasswordStore store) {
        super(store, Entry.Kind.USER, "users", "username");
    }
}
