"""Starts FileProcessingWorkflow by name, as any Python service would, and prints the outcome as one JSON line.

usage: start_workflow.py ADDRESS WORKFLOW_ID INPUT_JSON
"""
import asyncio
import json
import os
import sys

from temporalio.client import Client, WorkflowFailureError
from temporalio.exceptions import ApplicationError


async def main(address: str, workflow_id: str, workflow_input: str) -> None:
    client = await Client.connect(address)
    try:
        result = await client.execute_workflow(
            "FileProcessingWorkflow", json.loads(workflow_input),
            id=workflow_id, task_queue="file-processing-shared")
        print(json.dumps({"status": "COMPLETED", "result": result}))
    except WorkflowFailureError as e:
        cause = e.cause
        print(json.dumps({
            "status": "FAILED",
            "type": cause.type if isinstance(cause, ApplicationError) else type(cause).__name__,
            "nonRetryable": cause.non_retryable if isinstance(cause, ApplicationError) else None,
            "message": cause.message if isinstance(cause, ApplicationError) else str(cause),
        }))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
    # The SDK's Rust threads can outlive the event loop and crash interpreter teardown (SIGABRT or SIGSEGV after the
    # result is printed: temporalio/sdk-python#300). Nothing is left to clean up here, so skip the teardown.
    sys.stdout.flush()
    os._exit(0)
