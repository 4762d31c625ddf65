package dev.herald.volume;

import dev.herald.openapi.ErrorAnswers;
import dev.herald.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Validator;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Levels that devices (or their gateways) measured themselves, and the list of known devices. */
@RestController
@Tag(name = "devices")
class DevicesController {

    /** One request carries at most this many levels: a few seconds of a device at 20 levels a second, and more. */
    static final int MAX_LEVELS = 1000;

    private final Devices devices;
    private final DeviceDirectory directory;
    private final ObjectMapper json;
    private final Validator validator;

    DevicesController(Devices devices, DeviceDirectory directory, ObjectMapper json, Validator validator) {
        this.devices = devices;
        this.directory = directory;
        this.json = json;
        this.validator = validator;
    }

    @Operation(
            summary = "Publish levels a device measured to volume/{deviceId}",
            description = "One level or an array of up to 1000, each published to the conflated channel "
                    + "`volume/{deviceId}`; the device is announced `live` on `devices/status`.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(oneOf = {LevelReport.class, LevelReport[].class}),
                                            examples = {
                                                @ExampleObject(
                                                        name = "one",
                                                        summary =
                                                                "One level, stamped on arrival (or give `ts`, epoch ms)",
                                                        value = "{\"rmsDb\": -23.1, \"peakDb\": -9.8}"),
                                                @ExampleObject(
                                                        name = "several",
                                                        summary = "Two levels, stamped on arrival",
                                                        value =
                                                                "[{\"rmsDb\": -23.1, \"peakDb\": -9.8}, {\"rmsDb\": -20.4, \"peakDb\": -8.0}]")
                                            })))
    @ApiResponse(responseCode = "202", description = "Accepted and published")
    @ErrorAnswers(HttpStatus.SERVICE_UNAVAILABLE)
    @PostMapping(path = "/v1/api/devices/{deviceId}/levels", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> levels(
            @PathVariable @Pattern(regexp = DeviceId.REGEX, message = DeviceId.RULE) String deviceId,
            @RequestBody JsonNode body) {
        List<LevelReport> reports = reports(body);
        for (LevelReport report : reports) {
            devices.record(
                    deviceId,
                    "api",
                    report.rmsDb(),
                    report.peakDb(),
                    report.ts() == null ? System.currentTimeMillis() : report.ts());
        }
        return ResponseEntity.accepted().body(new Accepted(deviceId, reports.size()));
    }

    @Operation(summary = "Devices with a level within herald.volume.forget-after, on every node, with their liveness")
    @GetMapping("/v1/api/devices")
    DeviceList devices() {
        return new DeviceList(directory.list());
    }

    /** The body is one level or an array of them; each is checked, and the first bad one names its index. */
    private List<LevelReport> reports(JsonNode body) {
        boolean array = body != null && body.isArray();
        List<JsonNode> nodes = new ArrayList<>();
        if (array) {
            body.forEach(nodes::add);
        } else if (body != null) {
            nodes.add(body);
        }
        if (nodes.isEmpty() || nodes.size() > MAX_LEVELS) {
            throw ApiException.badRequest("the body is one level or an array of 1 to " + MAX_LEVELS + " levels");
        }
        List<LevelReport> reports = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String where = array ? "[" + i + "]." : "";
            JsonNode node = nodes.get(i);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest(where + "a level is an object {\"rmsDb\", \"peakDb\", \"ts\"}");
            }
            LevelReport report;
            try {
                report = json.treeToValue(node, LevelReport.class);
            } catch (JacksonException e) {
                throw ApiException.badRequest(where + "rmsDb and peakDb are numbers, ts is epoch milliseconds");
            }
            List<String> problems = validator.validate(report).stream()
                    .map(v -> where + v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .toList();
            if (!problems.isEmpty()) {
                throw ApiException.badRequest(String.join("; ", problems));
            }
            reports.add(report);
        }
        return reports;
    }

    /** A level in dBFS, from -120 (digital silence) to 0 (full scale). */
    record LevelReport(
            @NotNull @DecimalMin("-120") @DecimalMax("0") Double rmsDb,
            @NotNull @DecimalMin("-120") @DecimalMax("0") Double peakDb,
            @Positive Long ts) {}

    record Accepted(String deviceId, int accepted) {}

    record DeviceList(List<DeviceView> devices) {}
}
