package dev.herald.transport;

import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * The standard Jakarta WebSocket send, which every container has: one text frame per call (sent as a String,
 * which the container encodes again), and Pings on a thread that may wait, since the API has no asynchronous
 * Ping.
 */
public final class StandardFrameWriters implements FrameWriters {

    public static final String NAME = "standard";

    private final Executor blockingSends;

    /** @param blockingSends where Pings are sent; a Ping may wait there for a peer that does not read */
    public StandardFrameWriters(Executor blockingSends) {
        this.blockingSends = blockingSends;
    }

    @Override
    public FrameWriter open(Session session) {
        return new StandardFrameWriter(session, blockingSends);
    }

    @Override
    public String name() {
        return NAME;
    }

    private static final class StandardFrameWriter implements FrameWriter {
        private final Session session;
        private final Executor blockingSends;

        StandardFrameWriter(Session session, Executor blockingSends) {
            this.session = session;
            this.blockingSends = blockingSends;
        }

        @Override
        public int batchLimit() {
            return 1;
        }

        @Override
        public void write(OutboundFrame[] frames, int count, SendHandler done) {
            OutboundFrame frame = frames[0];
            if (frame instanceof OutboundFrame.Shared shared) {
                session.getAsyncRemote().sendText(new String(shared.frame(), StandardCharsets.UTF_8), done);
            } else if (frame instanceof OutboundFrame.Text text) {
                session.getAsyncRemote().sendText(new String(text.utf8(), StandardCharsets.UTF_8), done);
            } else if (frame instanceof OutboundFrame.Ping) {
                blockingSends.execute(() -> {
                    try {
                        session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
                        done.onResult(new SendResult(session));
                    } catch (IOException | RuntimeException e) {
                        done.onResult(new SendResult(session, e));
                    }
                });
            } else {
                throw new IllegalArgumentException("not a frame a writer writes: " + frame);
            }
        }
    }
}
