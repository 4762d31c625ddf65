package dev.herald.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The lines one class logs while a test runs, at the level the test sets; the logger is restored on close. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> type, Level level) {
        logger = (Logger) LoggerFactory.getLogger(type);
        previous = logger.getLevel();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
    }

    /** Captures what {@code type} logs at DEBUG and above. */
    public static LogCapture debug(Class<?> type) {
        return new LogCapture(type, Level.DEBUG);
    }

    /** Captures what {@code type} logs at INFO and above, the level operators run at. */
    public static LogCapture info(Class<?> type) {
        return new LogCapture(type, Level.INFO);
    }

    /** The formatted lines so far that contain {@code text}. */
    public List<String> lines(String text) {
        synchronized (appender) {
            return appender.list.stream()
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(text))
                    .toList();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }
}
