package dev.herald;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModuleStructureTest {

    @Test
    void modulesHaveNoCyclesAndUseOnlyEachOthersPublicTypes() {
        ApplicationModules modules = ApplicationModules.of(HeraldApplication.class);
        System.out.println(modules);
        modules.verify();
    }
}
