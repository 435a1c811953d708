package dev.vibe.common.events;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes the stack's topics ({@link Topics#ALL}) and checks that they are there. Brokers run with auto-creation off,
 * so a missing topic is a set-up mistake: a service names it and says how to make it, instead of waiting forever.
 */
public final class TopicCheck {

    /** What to tell someone whose broker lacks topics. */
    public static final String HOW = "create them as Topics.ALL says (partitions " + Topics.PARTITIONS + ", "
            + String.join(" and ", Topics.ALL.stream().filter(Topics.Spec::compacted).map(Topics.Spec::name).toList()) + " compacted):"
            + " the local stack and docker-compose's kafka-init do it,"
            + " in Kubernetes apply deploy/kubernetes/optional/kafka-topics.yaml; the brokers do not auto-create topics";

    private TopicCheck() {
    }

    /** A broker that was reached and lacks some of the stack's topics. */
    public static final class MissingTopics extends IllegalStateException {
        private final Set<String> missing;

        MissingTopics(String bootstrap, Set<String> missing) {
            super("Kafka at " + bootstrap + " has no topic " + String.join(", ", missing) + ": " + HOW);
            this.missing = missing;
        }

        public Set<String> missing() {
            return missing;
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    /**
     * The stack's topics that {@code bootstrap}'s broker lacks.
     *
     * @throws TimeoutException when the broker does not answer within {@code seconds}
     */
    public static Set<String> missing(String bootstrap, int seconds) throws TimeoutException, InterruptedException {
        try (Admin admin = admin(bootstrap)) {
            Set<String> present = admin.listTopics().names().get(seconds, TimeUnit.SECONDS);
            Set<String> missing = new TreeSet<>();
            Topics.ALL.stream().map(Topics.Spec::name).filter(t -> !present.contains(t)).forEach(missing::add);
            return missing;
        } catch (ExecutionException e) {
            throw new TimeoutException("Kafka at " + bootstrap + " did not list its topics: " + e.getCause().getMessage());
        }
    }

    /** Throws {@link MissingTopics} when {@code bootstrap}'s broker answers and lacks some of the stack's topics. */
    public static void require(String bootstrap, int seconds) throws TimeoutException, InterruptedException {
        Set<String> missing = missing(bootstrap, seconds);
        if (!missing.isEmpty()) {
            throw new MissingTopics(bootstrap, missing);
        }
    }

    /**
     * Makes the stack's topics that are missing through {@code admin}, replication factor 1 (the local stack's single
     * broker), and sets the cleanup policy of those already there (a broker's data from before topics were made on
     * purpose); returns the names made.
     */
    public static List<String> create(Admin admin, int seconds) throws TimeoutException, InterruptedException {
        try {
            Set<String> present = admin.listTopics().names().get(seconds, TimeUnit.SECONDS);
            List<NewTopic> make = new ArrayList<>();
            Map<ConfigResource, Collection<AlterConfigOp>> alter = new HashMap<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (present.contains(spec.name())) {
                    alter.put(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()), List.of(new AlterConfigOp(
                            new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy()), AlterConfigOp.OpType.SET)));
                } else {
                    make.add(new NewTopic(spec.name(), spec.partitions(), (short) 1)
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, spec.cleanupPolicy())));
                }
            }
            if (!make.isEmpty()) {
                admin.createTopics(make).all().get(seconds, TimeUnit.SECONDS);
            }
            if (!alter.isEmpty()) {
                admin.incrementalAlterConfigs(alter).all().get(seconds, TimeUnit.SECONDS);
            }
            return make.stream().map(NewTopic::name).toList();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot make Kafka topics: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
