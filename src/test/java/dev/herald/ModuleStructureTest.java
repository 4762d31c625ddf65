package dev.herald;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ImportOption;
import fixtures.modulith.cycle.CyclicApplication;
import fixtures.modulith.internal.ReachingApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * Herald's feature packages are Spring Modulith modules: no module depends on another in a cycle, and none
 * reaches into another's internals (its sub-packages, unless exposed as a named interface). The module map
 * and a component diagram per module are written to {@code target/spring-modulith-docs}.
 */
class ModuleStructureTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(HeraldApplication.class);
    /** The fixtures live in test sources, which Modulith leaves out by default. */
    private static final ImportOption FROM_TEST_SOURCES = location -> true;

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicTypes() {
        MODULES.verify();
    }

    @Test
    void theVerificationFailsOnACycleBetweenModules() {
        assertThatThrownBy(() -> ApplicationModules.of(CyclicApplication.class, FROM_TEST_SOURCES)
                        .verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("Cycle detected");
    }

    @Test
    void theVerificationFailsOnAReachIntoAnotherModulesInternals() {
        assertThatThrownBy(() -> ApplicationModules.of(ReachingApplication.class, FROM_TEST_SOURCES)
                        .verify())
                .isInstanceOf(Violations.class)
                .hasMessageContaining("non-exposed type");
    }

    @Test
    void writesTheModuleDocumentation() {
        new Documenter(MODULES).writeDocumentation();
    }
}
