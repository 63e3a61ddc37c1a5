package dev.locus.operator.metrics;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.taskqueue.v1.TaskQueueStats;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Temporal frontend that only answers DescribeTaskQueue (and ListWorkers, with no worker), over real gRPC on
 * loopback. Queue names choose the
 * answer: "slow-*" takes 2 s, "fail-*" is UNAVAILABLE, anything else reports a backlog of its name's length; with
 * {@code implemented = false} every call is UNIMPLEMENTED, as on the embedded test server.
 */
public final class FakeWorkflowService extends WorkflowServiceGrpc.WorkflowServiceImplBase implements AutoCloseable {
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger listings = new AtomicInteger();
  final Map<String, AtomicInteger> perQueue = new ConcurrentHashMap<>();
  final List<String> order = new CopyOnWriteArrayList<>();
  private final boolean implemented;
  private final Server server;

  public FakeWorkflowService(boolean implemented) throws IOException {
    this.implemented = implemented;
    this.server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .addService(this).build().start();
  }

  public String address() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Every server answers this; the SDK asks it before the first call. */
  @Override
  public void getSystemInfo(io.temporal.api.workflowservice.v1.GetSystemInfoRequest request,
      StreamObserver<io.temporal.api.workflowservice.v1.GetSystemInfoResponse> response) {
    response.onNext(io.temporal.api.workflowservice.v1.GetSystemInfoResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void describeTaskQueue(DescribeTaskQueueRequest request,
      StreamObserver<DescribeTaskQueueResponse> response) {
    requests.incrementAndGet();
    String queue = request.getTaskQueue().getName();
    perQueue.computeIfAbsent(queue, q -> new AtomicInteger()).incrementAndGet();
    order.add(queue);
    if (!implemented) {
      super.describeTaskQueue(request, response);
      return;
    }
    if (queue.startsWith("fail-")) {
      response.onError(Status.UNAVAILABLE.withDescription("matching is down").asRuntimeException());
      return;
    }
    if (queue.startsWith("slow-")) {
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    response.onNext(DescribeTaskQueueResponse.newBuilder().setStats(TaskQueueStats.newBuilder()
        .setApproximateBacklogCount(queue.length())
        .setApproximateBacklogAge(com.google.protobuf.Duration.newBuilder().setSeconds(42))
        .setTasksAddRate(1.5f).setTasksDispatchRate(1.25f)).build());
    response.onCompleted();
  }

  /** No workers: an empty listing, counted. */
  @Override
  public void listWorkers(io.temporal.api.workflowservice.v1.ListWorkersRequest request,
      StreamObserver<io.temporal.api.workflowservice.v1.ListWorkersResponse> response) {
    listings.incrementAndGet();
    response.onNext(io.temporal.api.workflowservice.v1.ListWorkersResponse.getDefaultInstance());
    response.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
