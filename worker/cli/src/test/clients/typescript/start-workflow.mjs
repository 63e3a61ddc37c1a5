// Starts FileProcessingWorkflow by name with the TypeScript SDK's client, as any Node service would, and prints the
// outcome as one JSON line. usage: node start-workflow.mjs ADDRESS WORKFLOW_ID INPUT_JSON
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

const [address, workflowId, input] = process.argv.slice(2);
const connection = await Connection.connect({ address });
try {
  const client = new Client({ connection });
  const result = await client.workflow.execute('FileProcessingWorkflow', {
    taskQueue: 'file-processing-shared', workflowId, args: [JSON.parse(input)],
  });
  console.log(JSON.stringify({ status: 'COMPLETED', result }));
} catch (e) {
  if (!(e instanceof WorkflowFailedError)) throw e;
  const cause = e.cause;
  const app = cause instanceof ApplicationFailure;
  console.log(JSON.stringify({
    status: 'FAILED', type: app ? cause.type : cause?.name, nonRetryable: app ? cause.nonRetryable : null,
    message: cause?.message,
  }));
} finally {
  await connection.close();
}
