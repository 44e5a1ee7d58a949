package io.tern.cli.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.tern.smpp.codec.SmppDecoder;
import io.tern.smpp.codec.SmppEncoder;
import io.tern.smpp.pdu.Bind;
import io.tern.smpp.pdu.BindResp;
import io.tern.smpp.pdu.CommandStatus;
import io.tern.smpp.pdu.Pdu;
import io.tern.smpp.pdu.SubmitSm;
import io.tern.smpp.tlv.Tlvs;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare SMSC for failure cases the real session layer never produces: it accepts any bind and
 * then does to each submit_sm what the script says (answer, ignore, or drop the connection).
 */
final class ScriptedSmsc implements AutoCloseable {

    /** What to do with the n-th submit_sm (1-based, over all connections). */
    @FunctionalInterface
    interface Script {
        void onSubmit(ChannelHandlerContext ctx, SubmitSm submit, int n);
    }

    final AtomicInteger submits = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    ScriptedSmsc(Script script) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SmppDecoder(65536), SmppEncoder.INSTANCE,
                                new SimpleChannelInboundHandler<Object>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Bind b) {
                                            ctx.writeAndFlush(BindResp.of(b.bindType(), b.sequenceNumber(),
                                                    CommandStatus.ESME_ROK, "SCRIPTED", Tlvs.EMPTY));
                                        } else if (msg instanceof SubmitSm s) {
                                            script.onSubmit(ctx, s, submits.incrementAndGet());
                                        } else if (msg instanceof Pdu p && p.isRequest()) {
                                            ctx.writeAndFlush(((io.tern.smpp.pdu.PduRequest) p)
                                                    .errorResponse(CommandStatus.ESME_ROK));
                                        }
                                    }
                                });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
