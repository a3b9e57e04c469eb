package io.osprey.management.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;

/**
 * Decides on a request from its headers alone, before any of its body is buffered (it sits between the HTTP codec
 * and the aggregator):
 * <ol>
 * <li>the {@code Host} header must name this node ({@link HostCheck}, against DNS rebinding): else 400;</li>
 * <li>credentials: the node-local bearer token of {@code ctl}, or HTTP Basic. Without them only
 * {@code GET /api/v4/status} (the health probe) is served: else 401. While the password is the default
 * ({@code public}), Basic credentials serve read-only requests (GET, HEAD) only: else 403;</li>
 * <li>a request that changes something and carries an {@code Origin} must come from a page of this node (a browser
 * holding cached credentials must not be driven by another site): else 403;</li>
 * <li>a declared body larger than {@code max_body_size}: 413 (a chunked one is cut by the aggregator).</li>
 * </ol>
 * A refused request is answered at once and its connection closed; nothing of its body is kept.
 */
final class RequestGate extends ChannelInboundHandlerAdapter {

    static final String STATUS_PATH = "/api/v4/status";

    private final Supplier<ManagementSettings> settings;
    private final byte[] token;
    /** The body of a refused request is still arriving: drop it. */
    private boolean discarding;

    RequestGate(Supplier<ManagementSettings> settings, byte[] token) {
        this.settings = settings;
        this.token = token;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest req) {
            FullHttpResponse refusal = check(ctx, req);
            if (refusal != null) {
                discarding = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                Responses.send(ctx, refusal, false);
                return;
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (discarding) {
            discarding = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private FullHttpResponse check(ChannelHandlerContext ctx, HttpRequest req) {
        ManagementSettings s = settings.get();
        HostCheck hosts = new HostCheck(s.allowedHosts());
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        String host = req.headers().get(HttpHeaderNames.HOST);
        if (!hosts.allows(host, local.getAddress())) {
            return Responses.error(HttpResponseStatus.BAD_REQUEST, "Host " + (host == null ? "(none)" : "'" + host
                    + "'") + " is not an address of this node; reach the API by its address, or list the name in "
                    + "allowed_hosts in etc/osprey.management.cfg");
        }
        boolean readOnly = req.method().equals(HttpMethod.GET) || req.method().equals(HttpMethod.HEAD);
        Access access = access(req.headers().get(HttpHeaderNames.AUTHORIZATION), s);
        if (access == null) {
            if (readOnly && new QueryStringDecoder(req.uri()).path().equals(STATUS_PATH)) {
                return null; // the health probe needs no credentials
            }
            FullHttpResponse r = Responses.error(HttpResponseStatus.UNAUTHORIZED,
                    "Unauthorized: wrong user name or password");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"osprey\"");
            return r;
        }
        if (access == Access.READ_ONLY && !readOnly) {
            return Responses.error(HttpResponseStatus.FORBIDDEN, "The management API still has its default "
                    + "password, so it serves read-only requests only. Set password in etc/osprey.management.cfg "
                    + "(bin/osprey ctl works regardless).");
        }
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (!readOnly && origin != null && !hosts.allows(originHost(origin), local.getAddress())) {
            return Responses.error(HttpResponseStatus.FORBIDDEN, "Cross-origin request from " + origin
                    + " refused");
        }
        long length = HttpUtil.getContentLength(req, -1L);
        if (length > s.maxBodySize()) {
            return Responses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "The request body has " + length
                    + " bytes; max_body_size is " + s.maxBodySize());
        }
        return null;
    }

    private enum Access { FULL, READ_ONLY }

    /** @return what the credentials allow, or {@code null} for none or wrong ones */
    private Access access(String header, ManagementSettings s) {
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8))
                    ? Access.FULL : null;
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(header.substring(6).trim());
            } catch (IllegalArgumentException e) {
                return null;
            }
            byte[] expected = (s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(expected, decoded)) {
                return null;
            }
            return s.usesDefaultPassword() ? Access.READ_ONLY : Access.FULL;
        }
        return null;
    }

    /** The host part of an {@code Origin} ({@code scheme://host[:port]}), or {@code null} ("null", malformed). */
    private static String originHost(String origin) {
        try {
            URI u = URI.create(origin.trim());
            return u.getHost() == null ? null : u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
