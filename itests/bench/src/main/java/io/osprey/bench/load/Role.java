package io.osprey.bench.load;

/** What a connection does once it is up; the tag is part of its client id. */
public enum Role {
    IDLE("conn"), PUBLISHER("pub"), SUBSCRIBER("sub");

    private final String tag;

    Role(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
