import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.*;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.*;
import io.netty.handler.codec.http.websocketx.*;

/**
 * The floor of a JVM WebSocket server on this machine, for bench/CAPACITY.md (eighth round): Netty 4.2 on one
 * event loop, no Spring, no token, no registry; it sends a welcome frame on each upgrade and answers the close.
 * Not a peer of bench/run.sh. Build and run as CAPACITY.md says; measure with bench/capacity-probe.mjs.
 */
public class NettyWelcome {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                        new WebSocketServerProtocolHandler("/v1/ws", null, false, 65536, false, true),
                        new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                            @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                    ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"welcome\",\"connectionId\":\"" + ctx.channel().id().asShortText() + "\"}"));
                                }
                            }
                            @Override protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame f) {}
                        });
                }
            }).bind("127.0.0.1", port).sync().channel().closeFuture().sync();
    }
}
