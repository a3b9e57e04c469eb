package io.osprey.plugin.mqttbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.Mapping;
import io.osprey.testkit.TestPki;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cloud IoT hub sees of the bridge's TLS ClientHello: the SNI name ({@code server_name_indication}) and the
 * ALPN protocol ({@code alpn}, e.g. AWS IoT's {@code x-amzn-mqtt-ca} on port 443). A Netty TLS server that speaks
 * only that protocol records both. (TLS stacks send SNI only for names with a dot, so the test's certificate for
 * localhost is not verified here: {@code verify = verify_none}; MqttBridgeIT verifies it.)
 */
class TlsHelloIT {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the ClientHello carries server_name_indication as SNI and the alpn protocol")
    void clientHello_carriesSniAndAlpn() throws Exception {
        TestPki.Identity id = TestPki.selfSigned(dir, "hub");
        SslContext server = SslContextBuilder.forServer(id.certPem().toFile(), id.keyPem().toFile())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "x-amzn-mqtt-ca"))
                .build();
        CompletableFuture<String> sni = new CompletableFuture<>();
        CompletableFuture<String> alpn = new CompletableFuture<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (MqttBridgeNode node = new MqttBridgeNode(dir.resolve("osprey"))) {
            Channel hub = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new SniHandler((Mapping<String, SslContext>) name -> server));
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                    if (evt instanceof SniCompletionEvent e) {
                                        sni.complete(e.hostname());
                                    } else if (evt instanceof SslHandshakeCompletionEvent e) {
                                        if (e.isSuccess()) {
                                            alpn.complete(ctx.pipeline().get(SslHandler.class).applicationProtocol());
                                        } else {
                                            alpn.completeExceptionally(e.cause());
                                        }
                                        ctx.close();
                                    }
                                }
                            });
                        }
                    }).bind("127.0.0.1", 0).sync().channel();
            int port = ((java.net.InetSocketAddress) hub.localAddress()).getPort();
            node.add("aws", "address", "127.0.0.1:" + port, "ssl", "on", "verify", "verify_none",
                    "server_name_indication", "abc123-ats.iot.eu-west-1.amazonaws.com", "alpn", "x-amzn-mqtt-ca",
                    "forwards", "a/#", "reconnect_interval", "30s");
            assertThat(sni.get(15, TimeUnit.SECONDS)).isEqualTo("abc123-ats.iot.eu-west-1.amazonaws.com");
            assertThat(alpn.get(15, TimeUnit.SECONDS)).isEqualTo("x-amzn-mqtt-ca");
            hub.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
