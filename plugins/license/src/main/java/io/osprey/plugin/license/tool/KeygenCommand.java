package io.osprey.plugin.license.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Set;

import io.osprey.plugin.license.format.KeyFiles;

/** {@code keygen <dir>}: a new vendor key pair, {@code license.key} (secret) and {@code license.pub}. */
final class KeygenCommand {

    static final String PRIVATE_FILE = "license.key";
    static final String PUBLIC_FILE = "license.pub";

    private KeygenCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws UsageException {
        ToolArgs a = ToolArgs.parse(words, Set.of());
        if (a.positional().size() != 1) {
            throw new UsageException("keygen needs one folder");
        }
        Path dir = Path.of(a.positional().get(0)).toAbsolutePath().normalize();
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        try {
            Files.createDirectories(dir);
            KeyPair pair = KeyFiles.generate();
            KeyFiles.writePrivate(privateFile, pair.getPrivate());
            KeyFiles.writePublic(publicFile, pair.getPublic());
        } catch (FileAlreadyExistsException e) {
            err.println("Not overwriting " + e.getFile() + ": licenses signed with that key would stop verifying. "
                    + "Choose another folder.");
            return 1;
        } catch (IOException e) {
            err.println("Cannot write the key pair in " + dir + ": " + e.getMessage());
            return 1;
        }
        out.println("Wrote " + privateFile + " (secret: it signs licenses; keep it off the nodes)");
        out.println("Wrote " + publicFile + " (ship it as etc/license.pub)");
        return 0;
    }
}
