package dev.herald.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Where the browser tests find Chromium: {@code -Dherald.e2e.chromium}, else the usual names on the PATH. */
public final class Chromium {

    static final String PROPERTY = "herald.e2e.chromium";
    static final String INSTALL_HINT = "install it with `apt-get install chromium` (Debian/Ubuntu) or point -D"
            + PROPERTY + "=/path/to/chromium at one";
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private Chromium() {}

    /** The Chromium executable to use, if this machine has one. */
    public static Optional<Path> find() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        Stream<Path> usual = Stream.of(Path.of("/usr/bin/chromium"));
        Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)));
        return Stream.concat(usual, onPath).filter(Files::isExecutable).findFirst();
    }

    /** The Chromium executable; fails the calling test with how to install it when there is none. */
    public static Path required() {
        return find().orElseThrow(() -> new AssertionError(
                "Chromium is required for this test (CI=true) and was not found: " + INSTALL_HINT + "."));
    }
}
