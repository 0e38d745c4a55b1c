# Generated from typelink/github/*.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Async twins of the GitHub resource groups,
generated from the blocking declarations.

``AsyncIssues`` (:mod:`typelink.github.aio.issues`) is :class:`typelink.github.issues.Issues`
with ``async def`` methods and ``AsyncPage`` results; ``AsyncGitHub``
(:mod:`typelink.github.aio.client`, also ``typelink.github.AsyncGitHub``) groups them.
Regenerate with ``python -m typelink.github._generate_async``.
"""
