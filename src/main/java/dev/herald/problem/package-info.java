/**
 * Every REST error as problem+json with the contract's stable {@code code}: {@link dev.herald.problem.Problems}
 * builds them (for MVC handlers and for code that writes a response itself), {@code ProblemHandler} maps
 * exceptions (including domain exceptions that declare their status with {@code @ResponseStatus}),
 * {@code ProblemErrorController} answers what never reached a controller, and a filter refuses bodies over
 * the size limit. {@link dev.herald.problem.ApiException} is how a controller refuses a request.
 */
package dev.herald.problem;
