package dev.vibe.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Kubernetes manifests parsed into fabric8's typed model, and the rules they must keep: no field the API does not know
 * (a typo lands in fabric8's "additional properties"), and what a Vibe deployment needs (images, probes on /q/health,
 * resources, non-root with a read-only root filesystem, config keys the services really read, references that resolve).
 */
final class Manifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every document of a multi-document YAML file, as typed objects (custom resources stay generic). */
    static List<KubernetesResource> parse(String yaml) {
        List<KubernetesResource> out = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().anyMatch(l -> !l.isBlank() && !l.strip().startsWith("#"))) {
                out.add(SERIALIZATION.unmarshal(doc, KubernetesResource.class));
            }
        }
        return out;
    }

    /** The problems of one set of resources deployed together; empty when all is well. */
    static List<String> check(List<KubernetesResource> resources, Map<String, ServiceConfig> services) {
        List<String> problems = new ArrayList<>();
        Map<String, Deployment> deployments = new HashMap<>();
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        Map<String, Set<String>> secrets = new HashMap<>();
        for (KubernetesResource r : resources) {
            if (!(r instanceof HasMetadata m) || m.getMetadata() == null || blank(m.getMetadata().getName())) {
                problems.add("a resource without metadata.name: " + r);
                continue;
            }
            if (!(r instanceof GenericKubernetesResource)) {
                unknownFields(r, m.getKind() + "/" + m.getMetadata().getName(), problems);
            }
            if (r instanceof Deployment d) {
                deployments.put(d.getMetadata().getName(), d);
            } else if (r instanceof ConfigMap c) {
                configMaps.put(c.getMetadata().getName(), c.getData() == null ? Map.of() : c.getData());
            } else if (r instanceof Secret s) {
                Set<String> keys = new HashSet<>();
                if (s.getStringData() != null) {
                    keys.addAll(s.getStringData().keySet());
                }
                if (s.getData() != null) {
                    keys.addAll(s.getData().keySet());
                }
                secrets.put(s.getMetadata().getName(), keys);
            }
        }
        for (Deployment d : deployments.values()) {
            checkDeployment(d, services.get(d.getMetadata().getName()), configMaps, secrets, problems);
        }
        for (KubernetesResource r : resources) {
            if (r instanceof Service s) {
                checkService(s, deployments, problems);
            } else if (r instanceof HorizontalPodAutoscaler h) {
                var target = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
                if (target == null || !"Deployment".equals(target.getKind()) || !deployments.containsKey(target.getName())) {
                    problems.add("HorizontalPodAutoscaler/" + h.getMetadata().getName() + " scales no Deployment of this set");
                } else if (h.getSpec().getMinReplicas() == null || h.getSpec().getMaxReplicas() == null
                        || h.getSpec().getMinReplicas() > h.getSpec().getMaxReplicas()) {
                    problems.add("HorizontalPodAutoscaler/" + h.getMetadata().getName() + " needs minReplicas <= maxReplicas");
                }
            }
        }
        return problems;
    }

    private static void checkDeployment(Deployment d, ServiceConfig service, Map<String, Map<String, String>> configMaps,
                                        Map<String, Set<String>> secrets, List<String> problems) {
        String where = "Deployment/" + d.getMetadata().getName();
        if (service == null) {
            problems.add(where + " is not one of the services " + ServiceConfig.SERVICES);
            return;
        }
        var spec = d.getSpec();
        if (spec == null || spec.getSelector() == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
            problems.add(where + " lacks spec.selector or spec.template");
            return;
        }
        Map<String, String> podLabels = spec.getTemplate().getMetadata() == null ? Map.of()
                : Objects.requireNonNullElse(spec.getTemplate().getMetadata().getLabels(), Map.of());
        Map<String, String> selector = Objects.requireNonNullElse(spec.getSelector().getMatchLabels(), Map.of());
        if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
            problems.add(where + ": the selector " + selector + " does not select the pod labels " + podLabels);
        }
        var pod = spec.getTemplate().getSpec();
        var podSecurity = pod.getSecurityContext();
        if (podSecurity == null || !Boolean.TRUE.equals(podSecurity.getRunAsNonRoot())) {
            problems.add(where + ": pods must run as non-root (securityContext.runAsNonRoot: true)");
        }
        if (pod.getContainers() == null || pod.getContainers().size() != 1) {
            problems.add(where + " must have exactly one container");
            return;
        }
        Container c = pod.getContainers().get(0);
        if (blank(c.getImage())) {
            problems.add(where + ": container " + c.getName() + " has no image");
        }
        int port = service.port();
        boolean exposes = c.getPorts() != null && c.getPorts().stream()
                .anyMatch(p -> Objects.equals(p.getContainerPort(), port) && "http".equals(p.getName()));
        if (!exposes) {
            problems.add(where + ": the container must expose port 'http' = " + port + " (quarkus.http.port)");
        }
        probe(where + " liveness", c.getLivenessProbe(), "/q/health/live", problems);
        probe(where + " readiness", c.getReadinessProbe(), "/q/health/ready", problems);
        var res = c.getResources();
        for (String kind : List.of("cpu", "memory")) {
            if (res == null || res.getRequests() == null || !res.getRequests().containsKey(kind)
                    || res.getLimits() == null || !res.getLimits().containsKey(kind)) {
                problems.add(where + ": resources.requests and resources.limits need " + kind);
            }
        }
        var security = c.getSecurityContext();
        if (security == null || !Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())
                || !Boolean.FALSE.equals(security.getAllowPrivilegeEscalation())) {
            problems.add(where + ": the container needs readOnlyRootFilesystem: true and allowPrivilegeEscalation: false");
        }
        boolean writableTmp = c.getVolumeMounts() != null && c.getVolumeMounts().stream().anyMatch(v -> "/tmp".equals(v.getMountPath()));
        if (!writableTmp) {
            problems.add(where + ": mount a writable volume on /tmp (natives are unpacked there)");
        }
        // Configuration: every variable is one the service reads, and every reference resolves.
        for (EnvVar e : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            if (!service.reads(e.getName())) {
                problems.add(where + ": env " + e.getName() + " is not a configuration key the " + service.name() + " service reads");
            }
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                if (!secrets.getOrDefault(ref.getName(), Set.of()).contains(ref.getKey())) {
                    problems.add(where + ": env " + e.getName() + " refers to a missing secret key " + ref.getName() + "/" + ref.getKey());
                }
            }
        }
        for (var from : Objects.requireNonNullElse(c.getEnvFrom(), List.<io.fabric8.kubernetes.api.model.EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                Map<String, String> data = configMaps.get(from.getConfigMapRef().getName());
                if (data == null) {
                    problems.add(where + ": envFrom refers to a missing ConfigMap " + from.getConfigMapRef().getName());
                    continue;
                }
                for (String key : data.keySet()) {
                    if (!ServiceConfig.SERVICES.stream().map(ServiceConfig::load).anyMatch(s -> s.reads(key))) {
                        problems.add("ConfigMap/" + from.getConfigMapRef().getName() + ": " + key + " is read by no service");
                    }
                }
            }
        }
    }

    private static void probe(String where, Probe probe, String path, List<String> problems) {
        if (probe == null || probe.getHttpGet() == null || !path.equals(probe.getHttpGet().getPath())) {
            problems.add(where + " probe must GET " + path);
        }
    }

    private static void checkService(Service s, Map<String, Deployment> deployments, List<String> problems) {
        String where = "Service/" + s.getMetadata().getName();
        Map<String, String> selector = s.getSpec() == null ? null : s.getSpec().getSelector();
        Deployment target = selector == null ? null : deployments.values().stream()
                .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .findFirst().orElse(null);
        if (target == null) {
            problems.add(where + " selects no Deployment's pods");
            return;
        }
        Set<Object> targetPorts = new HashSet<>();
        for (ContainerPort p : target.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts()) {
            targetPorts.add(p.getName());
            targetPorts.add(p.getContainerPort());
        }
        for (ServicePort p : Objects.requireNonNullElse(s.getSpec().getPorts(), List.<ServicePort>of())) {
            Object t = p.getTargetPort() == null ? p.getPort()
                    : p.getTargetPort().getStrVal() != null ? p.getTargetPort().getStrVal() : p.getTargetPort().getIntVal();
            if (!targetPorts.contains(t)) {
                problems.add(where + ": targetPort " + t + " is no port of Deployment/" + target.getMetadata().getName());
            }
        }
    }

    /** fabric8 keeps fields it does not know in "additional properties": any there is a field the API would reject. */
    static void unknownFields(Object node, String path, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object o : list) {
                unknownFields(o, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || !(m.getName().startsWith("get") || m.getName().startsWith("is"))) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(node);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
            } else if (value != null && !(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
                String field = m.getName().replaceFirst("^(get|is)", "");
                unknownFields(value, path + "." + Character.toLowerCase(field.charAt(0)) + field.substring(1), problems);
            }
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
