package dev.locus.operator;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Plays the scheduler and the kubelet for one namespace of the {@link ControlPlane}, which has neither: it binds the
 * pods the real controllers create to its node and starts them (workers become Running and Ready, unless told to hold
 * them back), removes pods being deleted (unless told to hold them Terminating),
 * and finishes a drain Job's pod when the test says so, leaving its count where `locus drain` leaves it: in the
 * container's termination message.
 */
final class TestKubelet implements AutoCloseable {
  static final String NODE = "test-node";
  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "test-kubelet");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, Integer> drainsToFinish = new ConcurrentHashMap<>();
  private volatile Predicate<Pod> ready = pod -> true;
  private volatile boolean holdTerminating;

  TestKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    loop.scheduleWithFixedDelay(this::sync, 0, 200, TimeUnit.MILLISECONDS);
  }

  /** Only worker pods that pass become Ready; the others stay Running and unready (a failing readiness probe). */
  void readyOnly(Predicate<Pod> which) {
    ready = which;
  }

  /** While held, pods being deleted stay Terminating, as pods do while their workers drain their sessions. */
  void holdTerminating(boolean hold) {
    holdTerminating = hold;
  }

  /** The drain Job's pod exits 0 having drained this many tasks. */
  void finishDrain(String jobName, int drained) {
    drainsToFinish.put(jobName, drained);
  }

  private void sync() {
    try {
      for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
          if (!holdTerminating) {
            client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).withGracePeriod(0).delete();
          }
        } else if (pod.getSpec().getNodeName() == null) {
          // scheduled onto this kubelet's node: from now on the API server deletes the pod gracefully
          client.resource(new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
              .withNamespace(namespace).endMetadata().withNewTarget().withKind("Node").withName(NODE).endTarget()
              .build()).create();
        } else if (PoolLabels.DRAIN.equals(pod.getMetadata().getLabels().get(PoolLabels.COMPONENT))) {
          Integer drained = drainsToFinish.get(pod.getMetadata().getLabels().get("job-name"));
          if (drained != null && !"Succeeded".equals(pod.getStatus().getPhase())) {
            exited(pod, "drained=" + drained);
          }
        } else if (!"Running".equals(pod.getStatus().getPhase()) || isReady(pod) != ready.test(pod)) {
          running(pod, ready.test(pod));
        }
      }
    } catch (KubernetesClientException e) {
      // a conflict or a pod that just went: the next round sees the new state
    } catch (RuntimeException e) {
      System.err.println("test kubelet: " + e);
    }
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus().getConditions().stream()
        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  private void running(Pod pod, boolean isReady) {
    String now = Instant.now().toString();
    String status = isReady ? "True" : "False";
    pod.getStatus().setPhase("Running");
    pod.getStatus().setStartTime(now);
    pod.getStatus().setConditions(List.of(condition("PodScheduled", "True", now), condition("Initialized", "True", now),
        condition("ContainersReady", status, now), condition("Ready", status, now)));
    pod.getStatus().setContainerStatuses(pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
        .withName(c.getName()).withImage(c.getImage()).withImageID("").withReady(isReady).withStarted(true)
        .withRestartCount(0).withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build())
        .toList());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  private void exited(Pod pod, String message) {
    String now = Instant.now().toString();
    pod.getStatus().setPhase("Succeeded");
    pod.getStatus().setStartTime(now);
    pod.getStatus().setConditions(List.of(condition("PodScheduled", "True", now), condition("Ready", "False", now)));
    List<ContainerStatus> exitedContainers = pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
        .withName(c.getName()).withImage(c.getImage()).withImageID("").withReady(false).withStarted(false)
        .withRestartCount(0).withNewState().withNewTerminated().withExitCode(0).withReason("Completed")
        .withMessage(message).withStartedAt(now).withFinishedAt(now).endTerminated().endState().build()).toList();
    pod.getStatus().setContainerStatuses(exitedContainers);
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  private static PodCondition condition(String type, String status, String now) {
    return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(now).build();
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
