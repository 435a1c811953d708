package dev.vibe.common.events;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeoutException;

/**
 * Each service checks at start that the stack's topics exist ({@link TopicCheck}): with auto-creation off, a
 * service started against a broker that lacks one stops with a message that names it and says how to make it. A
 * broker that does not answer yet is not a reason to stop (the service waits for Kafka as before), only logged.
 */
@ApplicationScoped
public class TopicsAtStart {

    private static final Logger LOG = Logger.getLogger(TopicsAtStart.class);

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrap;

    void check(@Observes StartupEvent started) throws InterruptedException {
        try {
            TopicCheck.require(bootstrap, 10);
        } catch (TimeoutException e) {
            LOG.warnf("Kafka at %s did not answer at start, so its topics are not checked now (%s)", bootstrap, e.getMessage());
        } catch (TopicCheck.MissingTopics e) {
            LOG.error(e.getMessage());
            throw e;
        }
    }
}
