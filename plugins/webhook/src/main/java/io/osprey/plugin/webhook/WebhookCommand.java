package io.osprey.plugin.webhook;

import java.util.List;
import java.util.Map;

import io.osprey.api.service.Command;
import io.osprey.api.service.CommandException;
import io.osprey.api.service.CommandResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code ctl webhook status}: the url, the queue, and what happened to the events so far. */
@Component(service = Command.class)
public final class WebhookCommand implements Command {

    private final Webhook webhook;

    @Activate
    public WebhookCommand(@Reference Webhook webhook) {
        this.webhook = webhook;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public List<String> usage() {
        return List.of("webhook status                  Show the url, queue length and sent/failed/retried/dropped "
                + "event counts");
    }

    @Override
    public CommandResult execute(List<String> args) throws CommandException {
        if (!args.isEmpty() && !(args.size() == 1 && args.get(0).equals("status"))) {
            throw new CommandException("Usage: webhook status");
        }
        Map<String, Object> status = webhook.status();
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, Object> e : status.entrySet()) {
            Object v = e.getValue();
            if (e.getKey().equals("url") && "".equals(v)) {
                v = "(not set: no events are posted)";
            } else if (v instanceof List<?> l) {
                v = l.isEmpty() ? "(none)" : String.join(", ", l.stream().map(String::valueOf).toList());
            }
            text.append(String.format("%-15s%s%n", e.getKey(), v));
        }
        return CommandResult.of(text.toString(), status);
    }
}
