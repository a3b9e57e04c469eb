package io.osprey.management.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiPage;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.management.command.CommandRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one HTTP request: checks credentials (HTTP Basic, or the node-local bearer token {@code ctl} uses), runs the
 * matching route or {@code ctl} command on the management executor (routes may block briefly; I/O threads must not),
 * and answers in EMQX v4's shape.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String CTL_PATH = "/api/v4/ctl";

    private final RouteTable routes;
    private final CommandRegistry commands;
    private final ExecutorService executor;
    private volatile ManagementSettings settings;
    private final byte[] token;

    ApiHandler(RouteTable routes, CommandRegistry commands, ExecutorService executor,
               ManagementSettings settings, String token) {
        this.routes = routes;
        this.commands = commands;
        this.executor = executor;
        this.settings = settings;
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    void update(ManagementSettings s) {
        this.settings = s;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            FullHttpResponse r = response(HttpResponseStatus.UNAUTHORIZED,
                    error(401, "Unauthorized: wrong user name or password"));
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"osprey\"");
            send(ctx, r, keepAlive);
            return;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        byte[] body = ByteBufUtil.getBytes(req.content());
        Map<String, String> query = new LinkedHashMap<>();
        q.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        String accept = req.headers().get(HttpHeaderNames.ACCEPT, "application/json");
        try {
            executor.execute(() -> {
                FullHttpResponse r = handle(method, q.path(), query, body, accept);
                ctx.executor().execute(() -> send(ctx, r, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            send(ctx, response(HttpResponseStatus.SERVICE_UNAVAILABLE, error(503, "management is stopping")),
                    false);
        }
    }

    private FullHttpResponse handle(String method, String path, Map<String, String> query, byte[] body,
                                    String accept) {
        try {
            if (path.equals(CTL_PATH) && method.equals("POST")) {
                return ctl(body, accept.startsWith("text/plain"));
            }
            RouteTable.Match m = routes.match(method, path);
            if (m == null) {
                if (routes.pathExists(path)) {
                    return response(HttpResponseStatus.METHOD_NOT_ALLOWED, error(405, "Method not allowed"));
                }
                return response(HttpResponseStatus.NOT_FOUND, error(404, "Not found: " + path));
            }
            Object data = m.route().handler().handle(new Request(method, path, m.params(), query, body));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("code", 0);
            if (data instanceof ApiPage page) {
                out.put("data", page.data());
                out.put("meta", Map.of("page", page.page(), "limit", page.limit(), "count", page.count()));
            } else if (data != null) {
                out.put("data", data);
            }
            return response(HttpResponseStatus.OK, out);
        } catch (ApiException e) {
            return response(HttpResponseStatus.valueOf(e.status()), error(e.status(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("API {} {} failed", method, path, e);
            return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, error(500, "internal error: " + e));
        }
    }

    /**
     * {@code POST /api/v4/ctl} with {@code {"args":[…]}}: what {@code bin/osprey ctl} calls. With
     * {@code Accept: text/plain} the answer is the command's text (its {@code data} as JSON when the arguments
     * contain {@code --json}) and the exit status is in {@code X-Osprey-Exit}, so that ctl needs no JSON parser.
     */
    private FullHttpResponse ctl(byte[] body, boolean plain) throws ApiException {
        List<String> args = new ArrayList<>();
        try {
            Object parsed = Json.MAPPER.readValue(body, Object.class);
            if (parsed instanceof Map<?, ?> map && map.get("args") instanceof List<?> list) {
                list.forEach(a -> args.add(String.valueOf(a)));
            } else {
                throw ApiException.badRequest("expected {\"args\": [...]}");
            }
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
        boolean wantJson = args.remove("--json");
        Map<String, Object> out = new LinkedHashMap<>();
        String text;
        int exit;
        try {
            CommandResult r = commands.run(args);
            out.put("code", 0);
            out.put("text", r.text());
            out.put("data", r.data());
            text = wantJson ? pretty(r.data()) : r.text();
            exit = 0;
        } catch (CommandException e) {
            out.put("code", 1);
            out.put("message", e.getMessage());
            text = e.getMessage();
            exit = 1;
        } catch (RuntimeException e) {
            // only the command and sub-command: later arguments may be secrets (ctl users add <u> <password>)
            LOG.error("Command '{}' failed", String.join(" ", args.subList(0, Math.min(2, args.size()))), e);
            out.put("code", 1);
            out.put("message", "Command failed: " + e);
            text = "Command failed: " + e;
            exit = 1;
        }
        if (!plain) {
            return response(HttpResponseStatus.OK, out);
        }
        byte[] bytes = (text.endsWith("\n") || text.isEmpty() ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        r.headers().setInt("X-Osprey-Exit", exit);
        return r;
    }

    private String pretty(Object data) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data);
        } catch (java.io.IOException e) {
            return String.valueOf(data);
        }
    }

    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
            ManagementSettings s = settings;
            byte[] expected = (s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, decoded.getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }

    private static Map<String, Object> error(int code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", message);
        return m;
    }

    private FullHttpResponse response(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (java.io.IOException e) {
            bytes = ("{\"code\":500,\"message\":\"could not encode response\"}").getBytes(StandardCharsets.UTF_8);
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Management connection failed: {}", cause.toString());
        ctx.close();
    }

    /** The request as routes see it. */
    private final class Request implements ApiRequest {
        private final String method;
        private final String path;
        private final Map<String, String> params;
        private final Map<String, String> query;
        private final byte[] body;

        Request(String method, String path, Map<String, String> params, Map<String, String> query, byte[] body) {
            this.method = method;
            this.path = path;
            this.params = params;
            this.query = query;
            this.body = body;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String path() {
            return path;
        }

        @Override
        public String pathParam(String name) {
            return params.get(name);
        }

        @Override
        public String queryParam(String name) {
            return query.get(name);
        }

        @Override
        public Map<String, String> queryParams() {
            return query;
        }

        @Override
        public byte[] body() {
            return body;
        }

        @Override
        public Object jsonBody() throws ApiException {
            if (body.length == 0) {
                throw ApiException.badRequest("a JSON body is required");
            }
            try {
                return Json.MAPPER.readValue(body, Object.class);
            } catch (java.io.IOException e) {
                throw ApiException.badRequest("the body is not valid JSON: " + e.getMessage());
            }
        }
    }

    /**
     * Jackson's first ObjectMapper costs about 0.1 s of CPU (hundreds of classes); it is made on the first request
     * that needs it, not while the node starts.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
