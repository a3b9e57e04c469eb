package io.osprey.management.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
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
 * Serves one HTTP request that {@link RequestGate} let through: runs the matching route or {@code ctl} command on the
 * management executor (routes may block briefly; I/O threads must not), and answers in EMQX v4's shape. A route that
 * fails unexpectedly answers 500 with an error id, never the exception's text, which goes to the log with the id.
 */
@ChannelHandler.Sharable
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String CTL_PATH = "/api/v4/ctl";

    private final RouteTable routes;
    private final CommandRegistry commands;
    private final ExecutorService executor;

    ApiHandler(RouteTable routes, CommandRegistry commands, ExecutorService executor) {
        this.routes = routes;
        this.commands = commands;
        this.executor = executor;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        // credentials, Host and size were checked by RequestGate before the body was read
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        String method = req.method().name();
        byte[] body = ByteBufUtil.getBytes(req.content());
        Map<String, String> query = new LinkedHashMap<>();
        q.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
        String accept = req.headers().get(HttpHeaderNames.ACCEPT, "application/json");
        try {
            executor.execute(() -> {
                FullHttpResponse r = handle(method, q.path(), query, body, accept);
                ctx.executor().execute(() -> Responses.send(ctx, r, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            Responses.send(ctx, Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "management is stopping"),
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
            // the exception's text stays in the log: it may name files, hosts or data a caller should not see
            String id = errorId();
            LOG.error("API {} {} failed (error id {})", method, path, id, e);
            return response(HttpResponseStatus.INTERNAL_SERVER_ERROR, error(500, "Internal error " + id
                    + "; the node's log has the details"));
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
            Object parsed = Responses.Json.MAPPER.readValue(body, Object.class);
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
            String id = errorId();
            LOG.error("Command '{}' failed (error id {})", String.join(" ", args.subList(0, Math.min(2,
                    args.size()))), id, e);
            text = "Command failed: internal error " + id + "; the node's log has the details";
            out.put("code", 1);
            out.put("message", text);
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
            return Responses.Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data);
        } catch (java.io.IOException e) {
            return String.valueOf(data);
        }
    }

    private static Map<String, Object> error(int code, String message) {
        return Responses.error(code, message);
    }

    private static FullHttpResponse response(HttpResponseStatus status, Object body) {
        return Responses.json(status, body);
    }

    /** A short random id that ties a generic 500 answer to its log line. */
    private static String errorId() {
        return Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
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
                return Responses.Json.MAPPER.readValue(body, Object.class);
            } catch (java.io.IOException e) {
                throw ApiException.badRequest("the body is not valid JSON: " + e.getMessage());
            }
        }
    }

}
