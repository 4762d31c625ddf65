/**
 * The operators' view of the server: connections (list, show, close), nodes and channels over the REST API
 * ({@code /v1/api/connections}, {@code /nodes}, {@code /channels}). It asks a {@link dev.herald.admin.ConnectionDirectory}
 * and a {@link dev.herald.admin.NodeDirectory}: this node's own ({@code LocalDirectory}) with the memory broker,
 * the cluster's (in {@code cluster}) with the Redis broker.
 */
package dev.herald.admin;
