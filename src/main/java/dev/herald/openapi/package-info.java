/** The OpenAPI description of the REST API ({@code /v3/api-docs}), served by springdoc. */
package dev.herald.openapi;
