package io.osprey.plugin.aclfile;

/** The client an ACL check is about: what the rules look at. */
record Subject(String clientId, String username, String peerHost) {
}
