package dev.herald.ws;

import dev.herald.transport.SocketSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Pattern;

/**
 * Tells closes the container made itself from closes the peer sent. When Tomcat finds a frame that breaks
 * the protocol (unmasked, reserved bits, invalid UTF-8), it closes with 1002 or 1007 and reports that close to
 * Herald exactly as it reports a peer's close frame with the same code, so the only mark of its own closes is
 * their reason: one of its frame reader's messages. Those are read from Tomcat's own message bundle, in the
 * locale it writes them in; on other containers nothing matches and every such close counts as the peer's.
 */
final class ContainerCloses {

    private static final String TOMCAT_MESSAGES = "org.apache.tomcat.websocket.LocalStrings";
    private static final List<Pattern> FRAME_ERRORS = frameErrors();

    private ContainerCloses() {}

    /** True when {@code reason} is one of the container's frame-reader errors. */
    static boolean madeByContainer(String reason) {
        if (reason == null || reason.isEmpty()) {
            return false;
        }
        if (SocketSession.isFrameError(reason)) {
            return true;
        }
        for (Pattern error : FRAME_ERRORS) {
            if (error.matcher(reason).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Each {@code wsFrame.*} message as a pattern, its {@code {0}} arguments matching anything. */
    private static List<Pattern> frameErrors() {
        List<Pattern> patterns = new ArrayList<>();
        try {
            ResourceBundle bundle = ResourceBundle.getBundle(
                    TOMCAT_MESSAGES, Locale.getDefault(), ContainerCloses.class.getClassLoader());
            for (String key : bundle.keySet()) {
                if (key.startsWith("wsFrame.")) {
                    StringBuilder regex = new StringBuilder();
                    for (String literal : bundle.getString(key).split("\\{\\d+\\}", -1)) {
                        if (!regex.isEmpty()) {
                            regex.append(".*");
                        }
                        regex.append(Pattern.quote(literal));
                    }
                    patterns.add(Pattern.compile(regex.toString(), Pattern.DOTALL));
                }
            }
        } catch (MissingResourceException e) {
            // not Tomcat: there is no way to tell, and closes count as the peer's
        }
        return List.copyOf(patterns);
    }
}
