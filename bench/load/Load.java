/**
 * Herald's load generator: {@code sub} (subscriber process), {@code pub} (publisher process) and
 * {@code drive} (runs a scenario against one server, spawning the others). See bench/README.md.
 */
public final class Load {
    private Load() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Load sub|pub|drive --name value ...");
            System.exit(2);
        }
        Args a = new Args(args, 1);
        switch (args[0]) {
            case "sub" -> Sub.main(a);
            case "pub" -> Pub.main(a);
            case "drive" -> Driver.main(a);
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
