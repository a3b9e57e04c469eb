package io.osprey.broker.listener;

import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;

/**
 * The I/O threads shared by all listeners: one acceptor thread and {@code io_threads} workers, on Linux epoll when
 * the native transport loads, else NIO.
 */
public final class IoLoops {

    private final boolean epoll;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;

    public IoLoops(int workerThreads) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("osprey-accept", true), factory);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory("osprey-io", true),
                factory);
    }

    public EventLoopGroup acceptors() {
        return acceptors;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerChannel> serverChannelClass() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public String transportName() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * Stops the threads after the tasks already queued have run, and waits (at most 3 s) until they have: a client
     * that is being closed with DISCONNECT 0x8B (a listener stopped just before the engine, say) must see that packet
     * go out before the process exits, even when the machine is busy.
     */
    public void shutdown() {
        acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        for (EventExecutor e : workers) {
            if (e.inEventLoop()) {
                return; // called from an I/O thread: it cannot wait for itself
            }
        }
        workers.terminationFuture().awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
