/**
 * API keys: who may call the REST API ({@code herald.security.*}), checked by an interceptor on
 * {@code /v1/api/**}, and the generated key or secret logged at start when none is configured.
 */
package dev.herald.auth;
