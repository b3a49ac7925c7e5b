"""Bridges to other record-linkage tools (recordlinkage's Compare and Index pipelines)."""
