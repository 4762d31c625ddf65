package dev.herald.admin;

import dev.herald.openapi.ErrorAnswers;
import dev.herald.problem.ApiException;
import dev.herald.ws.ConnectionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "connections")
class ConnectionsController {

    private final ConnectionDirectory connections;

    ConnectionsController(ConnectionDirectory connections) {
        this.connections = connections;
    }

    @Operation(summary = "Open connections of every node, optionally of one user or subscribed to one channel")
    @ErrorAnswers(HttpStatus.SERVICE_UNAVAILABLE)
    @GetMapping("/v1/api/connections")
    ConnectionList list(@RequestParam(required = false) String user, @RequestParam(required = false) String channel) {
        List<ConnectionView> list = connections.list(user, channel);
        return new ConnectionList(list, list.size());
    }

    @Operation(summary = "One connection with its last 50 frames in and out")
    @ErrorAnswers({HttpStatus.NOT_FOUND, HttpStatus.SERVICE_UNAVAILABLE})
    @GetMapping("/v1/api/connections/{id}")
    ConnectionView show(@PathVariable String id) {
        return connections.find(id).orElseThrow(() -> notFound(id));
    }

    @Operation(summary = "Close a connection; the client sees the given close code and reason")
    @ApiResponse(responseCode = "204", description = "Closed: the client sees the close code and reason")
    @ErrorAnswers({HttpStatus.NOT_FOUND, HttpStatus.SERVICE_UNAVAILABLE})
    @DeleteMapping("/v1/api/connections/{id}")
    ResponseEntity<Void> close(
            @PathVariable String id,
            @Parameter(
                            description = "the WebSocket close code: 1000, or 3000 to 4999",
                            example = "4100",
                            schema =
                                    @Schema(
                                            type = "integer",
                                            defaultValue = "1000",
                                            minimum = "1000",
                                            maximum = "4999"))
                    @RequestParam(defaultValue = "1000")
                    int code,
            @Parameter(
                            description = "the close reason, at most 123 bytes in UTF-8",
                            example = "bye",
                            schema = @Schema(maxLength = 123))
                    @RequestParam(defaultValue = "")
                    String reason) {
        if (code != 1000 && (code < 3000 || code > 4999)) {
            throw ApiException.badRequest("code must be 1000 or 3000 to 4999");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw ApiException.badRequest("reason must be at most 123 bytes in UTF-8");
        }
        if (!connections.close(id, code, reason)) {
            throw notFound(id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no open connection " + id);
    }

    record ConnectionList(List<ConnectionView> connections, int total) {}
}
