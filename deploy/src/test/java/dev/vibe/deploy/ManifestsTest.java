package dev.vibe.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** deploy/kubernetes: every manifest parsed into typed objects, strictly, and checked against the services. */
class ManifestsTest {

    static final Path K8S = ServiceConfig.ROOT.resolve("deploy/kubernetes");
    static final Map<String, ServiceConfig> SERVICES = ServiceConfig.SERVICES.stream()
            .collect(Collectors.toMap(s -> s, ServiceConfig::load));

    static List<KubernetesResource> base() throws IOException {
        List<KubernetesResource> all = new ArrayList<>();
        for (Object file : kustomization(K8S.resolve("base")).get("resources")) {
            all.addAll(Manifests.parse(Files.readString(K8S.resolve("base").resolve(file.toString()))));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<Object>> kustomization(Path dir) throws IOException {
        Map<String, Object> k = new Yaml().load(Files.readString(dir.resolve("kustomization.yaml")));
        assertEquals("Kustomization", k.get("kind"), dir.toString());
        Map<String, List<Object>> lists = new LinkedHashMap<>();
        k.forEach((key, v) -> {
            if (v instanceof List<?> l) {
                lists.put(key, (List<Object>) l);
            }
        });
        return lists;
    }

    static String kindAndName(KubernetesResource r) {
        HasMetadata m = (HasMetadata) r;
        return m.getKind() + "/" + m.getMetadata().getName();
    }

    @Test
    void everyManifestParsesIntoTypedObjectsWithoutUnknownFields() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") && !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 8, files.toString());
        for (Path f : files) {
            List<KubernetesResource> docs = Manifests.parse(Files.readString(f));
            assertTrue(!docs.isEmpty(), f + " holds no resource");
            for (KubernetesResource r : docs) {
                if (r instanceof GenericKubernetesResource g) {
                    // a custom resource: fabric8 has no schema for it; hold it to its group and a spec
                    assertTrue(g.getApiVersion().startsWith("kafka.strimzi.io/"), f + ": an unexpected custom resource " + kindAndName(r));
                    assertTrue(g.getAdditionalProperties().get("spec") instanceof Map, kindAndName(r) + " has a spec");
                    continue;
                }
                List<String> problems = new ArrayList<>();
                Manifests.unknownFields(r, K8S.relativize(f) + ":" + kindAndName(r), problems);
                assertEquals(List.of(), problems);
            }
        }
    }

    @Test
    void theBaseIsACompleteDeploymentOfTheThreeServices() throws IOException {
        List<KubernetesResource> base = base();
        assertEquals(List.of(), Manifests.check(base, SERVICES));
        Set<String> names = base.stream().map(ManifestsTest::kindAndName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("Namespace/vibe", "ConfigMap/vibe-config", "Secret/vibe-secrets",
                "Deployment/ingest", "Deployment/trainer", "Deployment/scoring", "Service/ingest", "Service/trainer", "Service/scoring",
                "HorizontalPodAutoscaler/scoring", "NetworkPolicy/trainer-from-scoring-only", "NetworkPolicy/ingest-from-scoring-and-ingress",
                "NetworkPolicy/scoring-from-ingress")), names);
        HorizontalPodAutoscaler hpa = base.stream().filter(HorizontalPodAutoscaler.class::isInstance).map(HorizontalPodAutoscaler.class::cast)
                .findFirst().orElseThrow();
        assertEquals("scoring", hpa.getSpec().getScaleTargetRef().getName());
        ConfigMap config = base.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst().orElseThrow();
        assertEquals("http://ingest:" + SERVICES.get("ingest").port(), config.getData().get("QUARKUS_REST_CLIENT_INGEST_URL"));
        for (Deployment d : base.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList()) {
            var apiKey = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("VIBE_API_KEY")).findFirst()
                    .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + ": the API key is on by default"));
            assertEquals("vibe-secrets", apiKey.getValueFrom().getSecretKeyRef().getName(), "the API key comes from the Secret");
        }
        for (KubernetesResource r : base) {
            if (r instanceof Deployment d) {
                String image = d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
                assertEquals("vibe/" + d.getMetadata().getName() + "-service:0.1.0", image, "the image docker-compose builds");
            }
        }
    }

    /** Which pods (by app.kubernetes.io/name) and namespaces a policy lets reach the pods it selects, and on which ports. */
    static String reach(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy p) {
        List<String> from = new java.util.ArrayList<>();
        for (var rule : p.getSpec().getIngress()) {
            for (var peer : rule.getFrom()) {
                if (peer.getPodSelector() != null) {
                    from.add("pod " + peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
                }
                if (peer.getNamespaceSelector() != null) {
                    from.add("namespace " + peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"));
                }
            }
            rule.getPorts().forEach(port -> from.add("port " + port.getPort().getIntVal()));
        }
        return p.getSpec().getPodSelector().getMatchLabels().get("app.kubernetes.io/name") + " <- " + String.join(", ", from);
    }

    @Test
    void networkPoliciesLetOnlyScoringReachTheTrainerAndOnlyScoringAndTheIngressReachIngestAndScoring() throws IOException {
        Set<String> policies = base().stream().filter(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class::cast)
                .peek(p -> assertEquals(List.of("Ingress"), p.getSpec().getPolicyTypes(), p.getMetadata().getName()))
                .map(ManifestsTest::reach).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of(
                "trainer <- pod scoring, port " + SERVICES.get("trainer").port(),
                "ingest <- pod scoring, namespace ingress-nginx, port " + SERVICES.get("ingest").port(),
                "scoring <- pod scoring, namespace ingress-nginx, port " + SERVICES.get("scoring").port())), policies);
    }

    @Test
    void kustomizationsReferToFilesAndResourcesThatExist() throws IOException {
        Path base = K8S.resolve("base");
        Set<String> listed = new TreeSet<>();
        kustomization(base).get("resources").forEach(o -> listed.add(o.toString()));
        Set<String> present;
        try (Stream<Path> files = Files.list(base)) {
            present = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.equals("kustomization.yaml"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(present, listed, "base/kustomization.yaml lists every manifest of base/");

        Path prod = K8S.resolve("overlays/production");
        Map<String, List<Object>> k = kustomization(prod);
        assertEquals(List.of("../../base"), k.get("resources"));
        Set<String> baseNames = base().stream().map(ManifestsTest::kindAndName).collect(Collectors.toSet());
        for (Object patch : k.get("patches")) {
            String path = ((Map<?, ?>) patch).get("path").toString();
            for (KubernetesResource r : Manifests.parse(Files.readString(prod.resolve(path)))) {
                assertTrue(baseNames.contains(kindAndName(r)), path + " patches " + kindAndName(r) + ", which base lacks");
            }
        }
        Set<String> images = base().stream().filter(Deployment.class::isInstance)
                .map(d -> ((Deployment) d).getSpec().getTemplate().getSpec().getContainers().get(0).getImage().replaceFirst(":.*", ""))
                .collect(Collectors.toSet());
        for (Object image : k.get("images")) {
            assertTrue(images.contains(((Map<?, ?>) image).get("name")), "overlay image " + image + " matches a base image");
        }
        for (Object replicas : k.get("replicas")) {
            assertTrue(baseNames.contains("Deployment/" + ((Map<?, ?>) replicas).get("name")), replicas.toString());
        }
    }

    @Test
    void theOptionalStrimziKafkaIsWhatTheConfigPointsAt() throws IOException {
        List<KubernetesResource> strimzi = Manifests.parse(Files.readString(K8S.resolve("optional/strimzi-kafka.yaml")));
        GenericKubernetesResource kafka = strimzi.stream().map(GenericKubernetesResource.class::cast)
                .filter(r -> r.getKind().equals("Kafka")).findFirst().orElseThrow();
        ConfigMap config = base().stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst().orElseThrow();
        assertEquals(kafka.getMetadata().getName() + "-kafka-bootstrap:9092", config.getData().get("KAFKA_BOOTSTRAP_SERVERS"));
    }

    @Test
    void theStrimziTopicsAreTheStacksTopicsAndTheBrokerMakesNoOthers() throws IOException {
        List<KubernetesResource> topics = Manifests.parse(Files.readString(K8S.resolve("optional/kafka-topics.yaml")));
        Map<String, String> made = new java.util.TreeMap<>();
        for (KubernetesResource r : topics) {
            GenericKubernetesResource t = (GenericKubernetesResource) r;
            assertEquals("KafkaTopic", t.getKind());
            assertEquals("vibe-kafka", t.getMetadata().getLabels().get("strimzi.io/cluster"), "the topic belongs to the optional cluster");
            Map<?, ?> spec = (Map<?, ?>) t.getAdditionalProperties().get("spec");
            made.put(t.getMetadata().getName(), spec.get("partitions") + " " + ((Map<?, ?>) spec.get("config")).get("cleanup.policy"));
        }
        Map<String, String> wanted = new java.util.TreeMap<>();
        dev.vibe.common.events.Topics.ALL.forEach(s -> wanted.put(s.name(), s.partitions() + " " + s.cleanupPolicy()));
        assertEquals(wanted, made);
        GenericKubernetesResource kafka = Manifests.parse(Files.readString(K8S.resolve("optional/strimzi-kafka.yaml"))).stream()
                .map(GenericKubernetesResource.class::cast).filter(r -> r.getKind().equals("Kafka")).findFirst().orElseThrow();
        Map<?, ?> config = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) kafka.getAdditionalProperties().get("spec")).get("kafka")).get("config");
        assertEquals(false, config.get("auto.create.topics.enable"), "the brokers make no topic a client happens to name");
    }

    /** The checker itself must fail on the mistakes it exists to catch. */
    @Test
    void theCheckerRejectsTyposMissingFieldsAndBrokenReferences() throws IOException {
        String ingest = Files.readString(K8S.resolve("base/ingest.yaml"));
        Map<String, String> broken = new LinkedHashMap<>();
        broken.put("unknown field", ingest.replace("  replicas: 2", "  replica: 2"));
        broken.put("has no image", ingest.replace("          image: vibe/ingest-service:0.1.0\n", ""));
        broken.put("QUARKUS_DATASOURCE_JDBC_URI is not a configuration key", ingest.replace("- name: QUARKUS_HTTP_PORT", "- name: QUARKUS_DATASOURCE_JDBC_URI"));
        broken.put("readiness probe must GET /q/health/ready", ingest.replace("path: /q/health/ready", "path: /health"));
        broken.put("selects no Deployment", ingest.replace("  selector:\n    app.kubernetes.io/name: ingest", "  selector:\n    app.kubernetes.io/name: ingestt"));
        broken.put("missing secret key vibe-secrets/client-secret", ingest.replace("key: CLIENT_SECRET", "key: client-secret"));
        broken.put("readOnlyRootFilesystem", ingest.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false"));
        broken.put("resources.requests and resources.limits need memory", ingest.replace("              memory: 1Gi\n", ""));
        List<KubernetesResource> rest = new ArrayList<>();
        for (KubernetesResource r : base()) {
            if (!kindAndName(r).endsWith("/ingest")) {
                rest.add(r);
            }
        }
        for (var e : broken.entrySet()) {
            assertTrue(!e.getValue().equals(ingest), "the mutation applies: " + e.getKey());
            List<KubernetesResource> set = new ArrayList<>(rest);
            set.addAll(Manifests.parse(e.getValue()));
            List<String> problems = new ArrayList<>(Manifests.check(set, SERVICES));
            assertTrue(problems.stream().anyMatch(p -> p.contains(e.getKey())), e.getKey() + " -> " + problems);
        }
        assertInstanceOf(Deployment.class, Manifests.parse(ingest).get(0));
    }
}
