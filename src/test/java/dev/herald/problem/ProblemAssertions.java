package dev.herald.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Api;
import tools.jackson.databind.JsonNode;

/** The contract's error shape: problem+json with status, title, detail and a stable code, never a stack trace. */
public final class ProblemAssertions {

    private ProblemAssertions() {}

    /** Asserts that {@code response} is the contract's problem answer with that status and code. */
    public static JsonNode assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.header("Content-Type"))
                .as("content type of %s", response)
                .startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt())
                .as("status field of %s", response.body())
                .isEqualTo(status);
        assertThat(problem.path("title").asString())
                .as("title of %s", response.body())
                .isNotBlank();
        assertThat(problem.path("detail").asString())
                .as("detail of %s", response.body())
                .isNotBlank();
        assertThat(problem.path("code").asString())
                .as("code of %s", response.body())
                .isEqualTo(code);
        assertThat(response.body()).as("problem body").doesNotContain("Exception", "\tat ", "trace", ".java:");
        return problem;
    }
}
