package io.osprey.broker.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class when Netty's leak detector (run at {@code paranoid} by surefire) reported a buffer that was
 * garbage-collected without being released. Registered for every test class through JUnit's extension
 * auto-detection (see {@code junit-platform.properties}).
 */
public final class LeakWatch implements AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        Logger detector = (Logger) LoggerFactory.getLogger("io.netty.util.ResourceLeakDetector");
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                if (e.getFormattedMessage().contains("LEAK")) {
                    LEAKS.add(e.getFormattedMessage());
                }
            }
        };
        appender.start();
        detector.addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        // leaks are found when collected buffers' references are polled, which happens on allocation
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(40);
            ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(64);
            a.release();
            ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(64);
            b.release();
        }
        if (!LEAKS.isEmpty()) {
            String first = LEAKS.get(0);
            LEAKS.clear();
            throw new AssertionError("Netty reported a leaked buffer in " + context.getDisplayName() + ":\n" + first);
        }
    }
}
