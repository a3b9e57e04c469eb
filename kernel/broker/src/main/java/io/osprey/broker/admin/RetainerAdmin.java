package io.osprey.broker.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.api.Message;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiPage;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import io.osprey.broker.retain.RetainStore;
import io.osprey.broker.router.Topics;

/**
 * {@code ctl retainer info|topics|clean [Topic]} (as in EMQX 4) and {@code /api/v4/retainer}. Listings are paged
 * rather than sorted: a retained set may have millions of topics and lives on disk.
 */
public final class RetainerAdmin implements Command, ApiResource {

    /** What {@code ctl retainer topics} prints at most; the API pages through any number. */
    private static final int CTL_LIMIT = 10_000;

    private final RetainStore retained;

    public RetainerAdmin(RetainStore retained) {
        this.retained = retained;
    }

    @Override
    public String name() {
        return "retainer";
    }

    @Override
    public List<String> usage() {
        return List.of(
                "retainer info                   Show the number of retained messages",
                "retainer topics                 List the topics of retained messages",
                "retainer clean                  Remove all retained messages",
                "retainer clean <Topic>          Remove the retained messages of a topic (or topic filter)");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        String sub = args.isEmpty() ? "info" : args.get(0);
        switch (sub) {
            case "info" -> {
                int n = retained.size();
                return CommandResult.of("retained/total: " + n + "\n", Map.of("retained", n));
            }
            case "topics" -> {
                List<String> topics = new ArrayList<>();
                int[] total = {0};
                retained.forEach(m -> {
                    if (total[0]++ < CTL_LIMIT) {
                        topics.add(m.topic());
                    }
                });
                StringBuilder b = new StringBuilder();
                topics.forEach(t -> b.append(t).append('\n'));
                if (total[0] > CTL_LIMIT) {
                    b.append("... and ").append(total[0] - CTL_LIMIT)
                            .append(" more (page through GET /api/v4/retainer/topics)\n");
                }
                return CommandResult.of(b.toString(), topics);
            }
            case "clean" -> {
                if (args.size() < 2) {
                    int n = retained.size();
                    retained.clear();
                    return CommandResult.of("Cleaned " + n + " retained messages\n", Map.of("cleaned", n));
                }
                String topic = args.get(1);
                if (!Topics.isValidFilter(topic)) {
                    throw new CommandException("Invalid topic or topic filter: " + topic);
                }
                int n = clean(topic);
                return CommandResult.of("Cleaned " + n + " retained messages\n", Map.of("cleaned", n));
            }
            default -> throw new CommandException("Unknown command: retainer " + sub + "\n"
                    + String.join("\n", usage()));
        }
    }

    /** Deletes the retained message of a topic, or of every topic a filter matches. */
    private int clean(String topicOrFilter) {
        if (!Topics.hasWildcard(topicOrFilter)) {
            return retained.delete(topicOrFilter) ? 1 : 0;
        }
        List<String> matched = new ArrayList<>();
        retained.match(topicOrFilter, 0, m -> matched.add(m.topic()));
        int n = 0;
        for (String t : matched) {
            n += retained.delete(t) ? 1 : 0;
        }
        return n;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.get("/api/v4/retainer", r -> Map.of("retained", retained.size())),
                ApiRoute.get("/api/v4/retainer/topics", this::topics),
                ApiRoute.get("/api/v4/retainer/topics/{topic}", this::message),
                ApiRoute.delete("/api/v4/retainer", r -> Map.of("cleaned", cleanAll())),
                ApiRoute.delete("/api/v4/retainer/topics/{topic}", this::delete));
    }

    private int cleanAll() {
        int n = retained.size();
        retained.clear();
        return n;
    }

    private Object topics(ApiRequest r) throws ApiException {
        int page = ClientsAdmin.intParam(r, "_page", 1);
        int limit = ClientsAdmin.intParam(r, "_limit", 1000);
        long from = (long) (page - 1) * limit;
        List<Map<String, Object>> items = new ArrayList<>();
        long[] index = {0};
        retained.forEach(m -> {
            long i = index[0]++;
            if (i >= from && i < from + limit) {
                items.add(view(m, false));
            }
        });
        return new ApiPage(items, page, limit, index[0]);
    }

    private Object message(ApiRequest r) throws ApiException {
        Message m = retained.get(r.pathParam("topic"));
        if (m == null) {
            throw ApiException.notFound("No retained message on " + r.pathParam("topic"));
        }
        return view(m, true);
    }

    private Object delete(ApiRequest r) throws ApiException {
        String topic = r.pathParam("topic");
        if (!Topics.isValidFilter(topic)) {
            throw ApiException.badRequest("Invalid topic or topic filter: " + topic);
        }
        return Map.of("cleaned", clean(topic));
    }

    private static Map<String, Object> view(Message m, boolean withPayload) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("topic", m.topic());
        v.put("qos", m.qos());
        v.put("from_clientid", m.fromClientId());
        v.put("timestamp", Times.format(m.timestamp()));
        v.put("payload_size", m.payload().length);
        if (withPayload) {
            v.put("payload", m.payloadAsString());
        }
        return v;
    }
}
