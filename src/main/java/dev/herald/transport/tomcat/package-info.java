/**
 * Tomcat's gathered frame writer: a connection's queued frames in one socket write, through Tomcat internals
 * that are checked at start (the standard writer takes over when they cannot be reached). Internal to
 * {@code transport}: only its configuration, picked up on Tomcat, connects it; no other module uses it.
 */
package dev.herald.transport.tomcat;
