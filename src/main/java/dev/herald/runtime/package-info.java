/**
 * What Herald runs on: every thread pool and the one scheduler ({@link dev.herald.runtime.HeraldExecutors},
 * sized from {@code herald.executors.*} and measured by Micrometer), and the {@link java.time.Clock} that
 * time-dependent code reads, so that tests can move time instead of sleeping.
 */
package dev.herald.runtime;
