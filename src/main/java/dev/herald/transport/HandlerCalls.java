package dev.herald.transport;

/**
 * Whether the WebSocket handler's calls (subscribe, publish, close) may wait, say for a broker's round trip. A
 * transport that serves many sockets on one thread runs calls that may wait on other threads, and calls that never
 * wait on that thread, without a hand-off. The module that knows declares the bean; without one, calls may wait.
 */
public enum HandlerCalls {
    MAY_WAIT,
    NEVER_WAIT
}
