package io.osprey.plugin.hello;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.config.ConfigReader;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.service.Command;
import io.osprey.api.service.CommandResult;
import io.osprey.api.service.PublishService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample plugin (see plugins/README.md): on {@code client.connected} it logs the client, counts it, and
 * publishes {@code "<greeting> <clientid>"} on {@code hello/connected}. {@code ctl hello} shows the count.
 * <p>
 * It is one Declarative Services component registered under two whiteboard interfaces: a hook
 * ({@link ClientConnected}) and a command ({@link Command}); both vanish when the plugin is unloaded.
 */
@Component(service = {ClientConnected.class, Command.class}, configurationPid = "osprey.hello")
public final class HelloPlugin implements ClientConnected, Command {

    private static final Logger LOG = LoggerFactory.getLogger(HelloPlugin.class);

    private final PublishService publisher;
    private final String builtInGreeting;
    private final AtomicLong connections = new AtomicLong();
    private volatile String greeting;

    @Activate
    public HelloPlugin(BundleContext context, @Reference PublishService publisher, Map<String, Object> config) {
        this.publisher = publisher;
        String header = context.getBundle().getHeaders().get("Hello-Greeting");
        this.builtInGreeting = header == null ? "Hello" : header;
        configure(config);
        LOG.info("hello plugin started, greeting '{}'", greeting);
    }

    @Modified
    void configure(Map<String, Object> config) {
        ConfigReader r = ConfigReader.of("hello", config);
        String g = r.string("greeting", builtInGreeting);
        if (r.errors().isEmpty()) {
            greeting = g;
        }
    }

    @Override
    public void onConnected(ClientInfo client) {
        long n = connections.incrementAndGet();
        LOG.info("{} {} (connection #{} seen by the hello plugin)", greeting, client.clientId(), n);
        publisher.publish(Message.builder("hello/connected").payload(greeting + " " + client.clientId()).build());
    }

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public List<String> usage() {
        return List.of("hello                           Show how many connections the hello plugin saw");
    }

    @Override
    public CommandResult execute(List<String> args) {
        long n = connections.get();
        return CommandResult.of("hello plugin: " + n + " connections, greeting '" + greeting + "'",
                Map.of("connections", n, "greeting", greeting));
    }
}
