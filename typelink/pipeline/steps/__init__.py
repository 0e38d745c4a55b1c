"""The named steps of the call pipeline, one concern each (see typelink.pipeline.call)."""
