package dev.herald.transport.netty;

import dev.herald.transport.WebSocketKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The head of an HTTP request as the front door reads it, only to tell a plain WebSocket upgrade of one path
 * from everything else. It is strict: anything it does not read exactly as expected is not an upgrade it
 * takes, and goes to the container, which reads HTTP properly and answers what is wrong.
 */
record UpgradeRequest(String target, List<String> names, List<String> values) {

    /** Reads a head ({@code bytes}, without the blank line that ends it); null when it is not plain HTTP/1.1. */
    static UpgradeRequest parse(byte[] bytes, int length) {
        String head = new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        int lineEnd = head.indexOf("\r\n");
        String requestLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
        if (!requestLine.startsWith("GET ") || !requestLine.endsWith(" HTTP/1.1")) {
            return null;
        }
        String target = requestLine.substring(4, requestLine.length() - 9);
        if (target.isEmpty() || target.indexOf(' ') >= 0) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int start = lineEnd < 0 ? head.length() : lineEnd + 2;
        while (start < head.length()) {
            int end = head.indexOf("\r\n", start);
            String line = end < 0 ? head.substring(start) : head.substring(start, end);
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) {
                // includes a folded line (starting with a space), which HTTP/1.1 no longer allows
                return null;
            }
            names.add(line.substring(0, colon).toLowerCase(Locale.ROOT));
            values.add(line.substring(colon + 1).strip());
            start = end < 0 ? head.length() : end + 2;
        }
        return new UpgradeRequest(target, names, values);
    }

    private static boolean isToken(String line, int length) {
        for (int i = 0; i < length; i++) {
            char c = line.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The one value of {@code name}; null when absent or given more than once. */
    String single(String name) {
        String found = null;
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                if (found != null) {
                    return null;
                }
                found = values.get(i);
            }
        }
        return found;
    }

    /** The first value of {@code name}, null when absent. */
    String first(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    boolean has(String name) {
        return names.contains(name);
    }

    /** True when a comma-separated value of {@code name} is {@code token}, ignoring case. */
    boolean lists(String name, String token) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equals(name)) {
                for (String item : values.get(i).split(",")) {
                    if (item.strip().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Any header a proxy adds: such upgrades are the container's, which knows which proxies to believe. */
    boolean forwarded() {
        for (String name : names) {
            if (name.equals("forwarded") || name.startsWith("x-forwarded-")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for the upgrade the front door takes: of {@code path}, with one Host, version 13, a valid key, no
     * subprotocol offer, no body, nothing a proxy added.
     */
    boolean isPlainUpgradeOf(String path) {
        String query = rawQuery();
        String requestPath = query == null ? target : target.substring(0, target.indexOf('?'));
        String key = single("sec-websocket-key");
        String length = first("content-length");
        return requestPath.equals(path)
                && single("host") != null
                && lists("upgrade", "websocket")
                && lists("connection", "upgrade")
                && "13".equals(single("sec-websocket-version"))
                && WebSocketKeys.isValid(key)
                && !has("sec-websocket-protocol")
                && !has("transfer-encoding")
                && !has("expect")
                && (length == null || (length.equals("0") && single("content-length") != null))
                && !forwarded();
    }

    /** The query as sent, without the {@code ?}; null when there is none. */
    String rawQuery() {
        int mark = target.indexOf('?');
        return mark < 0 ? null : target.substring(mark + 1);
    }
}
