package dev.herald.admin;

import dev.herald.openapi.ErrorAnswers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "nodes")
class NodesController {

    private final NodeDirectory directory;

    NodesController(NodeDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "Live nodes with their connection counts (one with the memory broker)")
    @ErrorAnswers(HttpStatus.SERVICE_UNAVAILABLE)
    @GetMapping("/v1/api/nodes")
    NodeList nodes() {
        List<NodeView> nodes = directory.nodes();
        return new NodeList(nodes, nodes.size());
    }

    record NodeList(List<NodeView> nodes, int total) {}
}
