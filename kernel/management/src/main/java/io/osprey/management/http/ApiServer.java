package io.osprey.management.http;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.osprey.management.command.CommandRegistry;

/** The management HTTP listener: its own small thread pool, so that a busy broker never starves the API. */
public final class ApiServer {

    private volatile ManagementSettings settings;
    private final byte[] token;
    private final ApiHandler handler;
    private final EventLoopGroup group;
    private final ExecutorService executor;
    private Channel channel;

    public ApiServer(ManagementSettings settings, RouteTable routes, CommandRegistry commands, String token) {
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("osprey-mgmt-io", true),
                NioIoHandler.newFactory());
        this.executor = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000),
                new DefaultThreadFactory("osprey-mgmt", true));
        this.token = token.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.handler = new ApiHandler(routes, commands, executor);
    }

    /** @throws IllegalStateException with a one-line cause when the port cannot be bound */
    public void start() {
        ChannelFuture f = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // the gate decides on the headers, before the aggregator buffers any body
                        ch.pipeline().addLast(new HttpServerCodec(), new RequestGate(() -> settings, token),
                                new HttpObjectAggregator(settings.maxBodySize()), handler);
                    }
                }).bind(settings.bind()).awaitUninterruptibly();
        if (!f.isSuccess()) {
            stop();
            String cause = String.valueOf(f.cause() == null ? "unknown" : f.cause().getMessage());
            throw new IllegalStateException("Failed to start management API on " + settings.bindText() + ": "
                    + (cause.toLowerCase().contains("already in use") ? "address already in use" : cause));
        }
        channel = f.channel();
    }

    public int port() {
        return ((java.net.InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Applies new credentials, allowed hosts and body limit without rebinding. */
    public void updateSettings(ManagementSettings s) {
        this.settings = s;
    }

    public void stop() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        executor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
