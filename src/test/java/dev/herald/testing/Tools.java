package dev.herald.testing;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The outside tools that check Herald's docs the way their users do: schemathesis (PyPI) and newman (npm),
 * each at a pinned version, installed on first use into a cache directory ({@code ~/.cache/herald}, or
 * {@code -Dherald.tools.cache}, or {@code HERALD_TOOLS_CACHE}) with the machine's own python3 and npm, never
 * globally. A lock file keeps two builds on one machine from installing into the same place at once.
 */
public final class Tools {

    public static final String SCHEMATHESIS_VERSION = "4.32.5";
    private static final Duration INSTALL_TIME = Duration.ofMinutes(5);

    private Tools() {}

    /** The cache directory the tools are installed in. */
    public static Path cache() {
        String configured = System.getProperty("herald.tools.cache", System.getenv("HERALD_TOOLS_CACHE"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "herald");
    }

    /** An executable of that name on the PATH. */
    public static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Whether CI requires the tools (CI=true): a test then fails, rather than being skipped, without them. */
    public static boolean requiredByCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** schemathesis's {@code st}, in a virtual env of its own; installed with pip on first use. */
    public static Path schemathesis() {
        Path python = onPath("python3")
                .orElseThrow(
                        () -> new AssertionError(
                                "python3 is needed to install schemathesis (Debian/Ubuntu: apt-get install python3 python3-venv)"));
        Path home = cache().resolve("schemathesis-" + SCHEMATHESIS_VERSION);
        return installed(home, home.resolve("bin/st"), () -> {
            runOrFail(
                    List.of(python.toString(), "-m", "venv", "--clear", home.toString()),
                    home.getParent(),
                    INSTALL_TIME);
            runOrFail(
                    List.of(
                            home.resolve("bin/pip").toString(),
                            "install",
                            "--quiet",
                            "--disable-pip-version-check",
                            "schemathesis==" + SCHEMATHESIS_VERSION),
                    home,
                    INSTALL_TIME);
        });
    }

    /**
     * newman, as pinned by {@code package.json} and {@code package-lock.json} in {@code project} (the repo's
     * {@code src/test/newman}); installed with {@code npm ci} on first use and whenever the lock file changes.
     */
    public static Path newman(Path project) {
        Path npm = onPath("npm").orElseThrow(() -> new AssertionError("npm is needed to install newman"));
        try {
            byte[] lock = Files.readAllBytes(project.resolve("package-lock.json"));
            String version = Integer.toHexString(java.util.Arrays.hashCode(lock));
            Path home = cache().resolve("newman-" + version);
            return installed(home, home.resolve("node_modules/.bin/newman"), () -> {
                Files.createDirectories(home);
                for (String file : List.of("package.json", "package-lock.json")) {
                    Files.copy(project.resolve(file), home.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                runOrFail(
                        List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--prefer-offline"),
                        home,
                        INSTALL_TIME);
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code command} in {@code directory}, output to the returned text, failing when it does not end
     * within {@code limit}.
     */
    public static Result run(List<String> command, Path directory, Duration limit) {
        try {
            Path output = Files.createTempFile("herald-tool", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(
                            command + " did not end within " + limit + ": " + Files.readString(output));
                }
                return new Result(process.exitValue(), Files.readString(output));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a tool printed and how it ended. */
    public record Result(int exitCode, String output) {}

    private interface Install {
        void into() throws IOException;
    }

    /** {@code executable} once installed under {@code home}; installs it first, under a lock, when it is not. */
    private static Path installed(Path home, Path executable, Install install) {
        Path done = home.resolve(".installed");
        if (Files.exists(done) && Files.isExecutable(executable)) {
            return executable;
        }
        try {
            Files.createDirectories(home.getParent());
            Path lockFile = home.getParent().resolve(home.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (!Files.exists(done) || !Files.isExecutable(executable)) {
                    install.into();
                    if (!Files.isExecutable(executable)) {
                        throw new AssertionError("installing into " + home + " left no " + executable);
                    }
                    Files.writeString(done, "");
                }
            }
            return executable;
        } catch (IOException e) {
            throw new IllegalStateException("could not install into " + home, e);
        }
    }

    private static void runOrFail(List<String> command, Path directory, Duration limit) {
        Result result = Tools.run(command, directory, limit);
        if (result.exitCode() != 0) {
            throw new AssertionError(
                    String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
    }
}
