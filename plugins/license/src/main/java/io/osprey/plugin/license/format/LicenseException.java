package io.osprey.plugin.license.format;

/**
 * A license or key file cannot be used. The message names the file (or other source) and the reason, in words an
 * admin can act on, for example {@code etc/osprey.lic: line 7: unknown key 'colour'}.
 */
public class LicenseException extends Exception {

    private static final long serialVersionUID = 1L;

    public LicenseException(String message) {
        super(message);
    }

    public LicenseException(String message, Throwable cause) {
        super(message, cause);
    }
}
