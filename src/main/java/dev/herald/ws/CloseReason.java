package dev.herald.ws;

import org.springframework.web.socket.CloseStatus;

/** Why a connection ended: its close code and the {@code reason} tag of herald_connections_closed_total. */
enum CloseReason {
    NORMAL(1000, "normal", "normal closure"),
    GOING_AWAY(1001, "going_away", "server shutting down"),
    BINARY_FRAME(1003, "protocol", "binary frames are not accepted"),
    TOO_LARGE(1009, "too_large", "frame too large"),
    SERVER_ERROR(1011, "error", "server error"),
    KEEPALIVE_TIMEOUT(4000, "keepalive_timeout", "keepalive timeout"),
    TOKEN_EXPIRED(4001, "token_expired", "token expired"),
    NO_TOKEN(4401, "unauthorized", "no token"),
    BAD_TOKEN(4401, "unauthorized", "bad token"),
    CONNECT_TOKEN_EXPIRED(4401, "unauthorized", "token expired"),
    SLOW_CONSUMER(4008, "slow_consumer", "slow consumer"),
    RATE_LIMITED(4029, "rate_limited", "too many messages"),
    USER_LIMIT(4429, "user_limit", "too many connections"),
    ADMIN(1000, "admin", "closed by an operator");

    final int code;
    final String tag;
    final String text;

    CloseReason(int code, String tag, String text) {
        this.code = code;
        this.tag = tag;
        this.text = text;
    }

    CloseStatus status() {
        return new CloseStatus(code, text);
    }

    /**
     * The tag for a close Herald did not start: the container's own when it found a frame that breaks the
     * protocol (1002 {@code protocol}, 1007 {@code invalid_data}, 1009 {@code too_large}), otherwise the peer's.
     */
    static String tagOfUnrequestedClose(CloseStatus status) {
        if (ContainerCloses.madeByContainer(status.getReason())) {
            switch (status.getCode()) {
                case 1002:
                    return "protocol";
                case 1007:
                    return "invalid_data";
                case 1009:
                    return TOO_LARGE.tag;
                default:
                    break;
            }
        }
        return tagOfPeerClose(status.getCode());
    }

    /** The tag for a close the server did not start, from the code the peer sent. */
    static String tagOfPeerClose(int code) {
        return switch (code) {
            case 1000 -> "normal";
            case 1001 -> "going_away";
            case 1006 -> "abnormal";
            default -> "peer_" + (code >= 4000 ? "4xxx" : code >= 3000 ? "3xxx" : Integer.toString(code));
        };
    }
}
