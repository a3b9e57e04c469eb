package io.osprey.backend.write;

/** The backend's server cannot be reached (down, network, pool timeout): retry later, it is not the data's fault. */
public final class UnavailableException extends Exception {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
