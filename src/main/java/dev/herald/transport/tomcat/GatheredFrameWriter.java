package dev.herald.transport.tomcat;

import dev.herald.transport.FrameWriter;
import dev.herald.transport.OutboundFrame;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;

/**
 * Writes a batch of frames to a Tomcat connection's socket in one gathering write.
 *
 * <p>The WebSocket API sends one message per call and makes one socket write and one thread hand-off per
 * message: in profiles of a fan-out, the write system calls were most of the CPU. It only sends text from a
 * String, which Tomcat re-encodes at every send, and it has no asynchronous Ping. This writer therefore writes
 * whole frames (a header of its own before the shared UTF-8 bytes) to the socket in one gathering write per
 * batch, while holding the endpoint's own one-message-at-a-time permit, the one its Pongs and close frames
 * wait for, so nothing interleaves. A write that finishes at once completes on the writing thread, which goes
 * on with the next batch.
 */
final class GatheredFrameWriter implements FrameWriter {

    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_PING = 0x9;
    private static final int BATCH_LIMIT = 64;
    private static final int MAX_HEADER = 10;
    /** A Ping's payload; never written to, so its position never moves and it can be shared. */
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Session session;
    private final WsRemoteEndpointImplBase endpoint;
    private final Semaphore permit;
    private final SocketWrapperBase<?> socket;

    GatheredFrameWriter(Session session, WsRemoteEndpointImplBase endpoint) {
        this.session = session;
        this.endpoint = endpoint;
        this.permit = (Semaphore) TomcatInternals.PERMIT.get(endpoint);
        this.socket = (SocketWrapperBase<?>) TomcatInternals.SOCKET.get(endpoint);
    }

    @Override
    public int batchLimit() {
        return BATCH_LIMIT;
    }

    @Override
    public void write(OutboundFrame[] frames, int count, SendHandler done) {
        if (!permit.tryAcquire()) {
            // Tomcat is writing a Pong or a close frame: queue behind it, one frame at a time
            startEach(frames, count, 0, done);
            return;
        }
        Written written = new Written(done);
        try {
            if ((boolean) TomcatInternals.CLOSED.getVolatile(endpoint)) {
                throw new IllegalStateException("the WebSocket session is closed");
            }
            byte[] headers = new byte[count * MAX_HEADER];
            ByteBuffer[] buffers = new ByteBuffer[count * 2];
            int used = 0;
            for (int i = 0; i < count; i++) {
                byte[] payload = payload(frames[i]);
                int length = header(
                        headers,
                        used,
                        payload == null ? OPCODE_PING : OPCODE_TEXT,
                        payload == null ? 0 : payload.length);
                buffers[2 * i] = ByteBuffer.wrap(headers, used, length);
                buffers[2 * i + 1] = payload == null ? EMPTY : ByteBuffer.wrap(payload);
                used += length;
            }
            socket.write(
                    SocketWrapperBase.BlockingMode.SEMI_BLOCK,
                    -1L,
                    TimeUnit.MILLISECONDS,
                    null,
                    SocketWrapperBase.COMPLETE_WRITE_WITH_COMPLETION,
                    written,
                    buffers);
        } catch (RuntimeException e) {
            written.release();
            throw e;
        }
    }

    /** The frame's UTF-8 payload, or null for a Ping. */
    private static byte[] payload(OutboundFrame frame) {
        if (frame instanceof OutboundFrame.Shared shared) {
            return shared.frame();
        }
        if (frame instanceof OutboundFrame.Text text) {
            return text.utf8();
        }
        if (frame instanceof OutboundFrame.Ping) {
            return null;
        }
        throw new IllegalArgumentException("not a frame a writer writes: " + frame);
    }

    /** Writes an unmasked server frame header with FIN set; returns its length (2, 4 or 10 bytes). */
    static int header(byte[] into, int at, int opcode, int payloadLength) {
        into[at] = (byte) (0x80 | opcode);
        if (payloadLength < 126) {
            into[at + 1] = (byte) payloadLength;
            return 2;
        }
        if (payloadLength < 65536) {
            into[at + 1] = 126;
            into[at + 2] = (byte) (payloadLength >>> 8);
            into[at + 3] = (byte) payloadLength;
            return 4;
        }
        into[at + 1] = 127;
        for (int i = 0; i < 8; i++) {
            into[at + 2 + i] = (byte) ((long) payloadLength >>> (56 - 8 * i));
        }
        return 10;
    }

    /**
     * One gathering write's completion, which gives the permit back exactly once. The socket calls it on the
     * writing thread when the write finished at once, so the writer goes on without a thread hand-off.
     */
    private final class Written implements CompletionHandler<Long, Object> {
        private final SendHandler done;
        private final AtomicBoolean released = new AtomicBoolean();

        Written(SendHandler done) {
            this.done = done;
        }

        @Override
        public void completed(Long bytes, Object attachment) {
            release();
            done.onResult(new SendResult(session));
        }

        @Override
        public void failed(Throwable cause, Object attachment) {
            release();
            done.onResult(new SendResult(session, cause));
        }

        /** The way Tomcat gives it back: a Pong or close frame queued meanwhile is written first. */
        void release() {
            if (released.compareAndSet(false, true)) {
                TomcatInternals.END_MESSAGE.end(endpoint, null, null);
            }
        }
    }

    private void startEach(OutboundFrame[] frames, int count, int index, SendHandler done) {
        byte[] payload = payload(frames[index]);
        SendHandler next = index == count - 1
                ? done
                : result -> {
                    if (result.isOK()) {
                        startEach(frames, count, index + 1, done);
                    } else {
                        done.onResult(result);
                    }
                };
        TomcatInternals.START_MESSAGE.start(
                endpoint,
                (byte) (payload == null ? OPCODE_PING : OPCODE_TEXT),
                payload == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(payload),
                true,
                next);
    }
}
