"""The build: the orchestrator and its stages, the transactional writer, worker processes."""
