package dev.locus.operator.cli;

import dev.locus.operator.PoolLabels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code locus cordon} and {@code locus uncordon}: what the operator does to a worker that is about to leave, for a
 * person. A cordoned worker takes no new sessions and keeps its open ones. In Kubernetes it sets or removes the worker
 * pod's {@code locus.dev/cordon} annotation (the worker reads it through its downward-API volume); for a worker run by
 * hand, its {@code --cordon-file}. Every pod named is checked before any is changed.
 */
@Command(name = "locus", mixinStandardHelpOptions = true, version = "locus 0.1.0",
    description = "Cordon and uncordon Locus workers.")
public final class CordonCommands {
  private final Supplier<KubernetesClient> clients;
  @Spec CommandSpec spec;

  /** Where the workers are: pods, or one local worker's cordon file. */
  static final class Workers {
    @Parameters(paramLabel = "POD", arity = "1..*", description = "worker pods of a FileProcessingPool")
    List<String> pods = new ArrayList<>();

    @Option(names = "--file", paramLabel = "PATH", description = "a worker's --cordon-file (a worker outside"
        + " Kubernetes), instead of pods")
    Path file;
  }

  CordonCommands(Supplier<KubernetesClient> clients) {
    this.clients = clients;
  }

  public static void main(String[] args) {
    // The operator's jar has two HTTP clients for fabric8 and it says so on every start; a command keeps quiet.
    System.setProperty("org.slf4j.simpleLogger.log.io.fabric8.kubernetes.client.utils.HttpClientUtils", "error");
    System.exit(commandLine(() -> new KubernetesClientBuilder().build()).execute(args));
  }

  /** The commands, with their Kubernetes client from {@code clients}; bad input gets one line, not a stack trace. */
  public static CommandLine commandLine(Supplier<KubernetesClient> clients) {
    CommandLine cli = new CommandLine(new CordonCommands(clients));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException || e instanceof IOException) {
        commandLine.getErr().println("locus " + commandLine.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }

  @Command(name = "cordon", mixinStandardHelpOptions = true,
      description = "Stop workers taking new sessions; their open sessions go on. Before a scale-down, or to take a"
          + " worker out of service without interrupting anyone.")
  int cordon(@Option(names = {"-n", "--namespace"}, description = "the pods' namespace (default: the kubeconfig's)")
      String namespace, @ArgGroup(multiplicity = "1") Workers workers) throws IOException {
    return set(namespace, workers, true);
  }

  @Command(name = "uncordon", mixinStandardHelpOptions = true,
      description = "Let cordoned workers take new sessions again.")
  int uncordon(@Option(names = {"-n", "--namespace"}, description = "the pods' namespace (default: the kubeconfig's)")
      String namespace, @ArgGroup(multiplicity = "1") Workers workers) throws IOException {
    return set(namespace, workers, false);
  }

  private int set(String namespace, Workers workers, boolean cordon) throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    if (workers.file != null) {
      writeAtomically(workers.file, cordon ? "true\n" : "false\n");
      out.println(workers.file + " says " + cordon + ": the worker reading it "
          + (cordon ? "takes no new sessions; its open ones go on" : "takes new sessions again"));
      return 0;
    }
    try (KubernetesClient client = clients.get()) {
      return set(client, namespace, workers.pods, cordon, out);
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException(e.getCode() > 0 ? "Kubernetes refused: " + e.getMessage()
          : "cannot reach the Kubernetes API (" + rootCause(e) + "); KUBECONFIG or ~/.kube/config says where it is", e);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": "
        + root.getMessage();
  }

  private static int set(KubernetesClient client, String namespace, List<String> names, boolean cordon,
      PrintWriter out) {
    String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
    List<Pod> pods = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      Pod pod = client.pods().inNamespace(ns).withName(name).get();
      if (pod == null) {
        problems.add("pod " + ns + "/" + name + " not found");
      } else if (pod.getMetadata().getLabels() == null
          || !PoolLabels.WORKER.equals(pod.getMetadata().getLabels().get(PoolLabels.COMPONENT))
          || !pod.getMetadata().getLabels().containsKey(PoolLabels.POOL)) {
        problems.add("pod " + ns + "/" + name + " is not a Locus worker (no " + PoolLabels.POOL + " label with "
            + PoolLabels.COMPONENT + "=" + PoolLabels.WORKER + ")");
      } else {
        pods.add(pod);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems) + "; nothing changed");
    }
    for (Pod pod : pods) {
      Map<String, String> annotations = pod.getMetadata().getAnnotations();
      boolean was = annotations != null && "true".equals(annotations.get(PoolLabels.CORDON));
      String name = "pod/" + pod.getMetadata().getName();
      if (was == cordon) {
        out.println(name + " already " + (cordon ? "cordoned" : "uncordoned"));
        continue;
      }
      // A merge patch, not an apply: it removes the annotation whoever set it (the operator, kubectl, this command).
      client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).patch(
          PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"" + PoolLabels.CORDON + "\":"
              + (cordon ? "\"true\"" : "null") + "}}}");
      out.println(name + (cordon ? " cordoned: it takes no new sessions once the kubelet refreshes its"
          + " downward-API volume (about a minute at most); its open sessions go on" : " uncordoned: it takes new"
          + " sessions again once the kubelet refreshes its downward-API volume"));
    }
    return 0;
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "no such directory for the cordon file");
    }
    Path tmp = Files.createTempFile(dir, ".cordon", ".tmp");
    try {
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
