"""RQ jobs: queues, the enqueue helper, outbox delivery, sweeps, the worker and the scheduler."""
